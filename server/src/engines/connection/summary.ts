import type { DiskUsage, EngineSummary, EngineTotals } from '@footprint/shared';
import type { EngineConnection } from '../engine-connection.js';
import type { EngineSource } from '../engine-source.js';
import { within } from '../within.js';

/** How long the engine list waits for one engine before showing it as away (its last figures). */
const answerTimeoutMs = 5000;

interface LastSeen {
  usage: DiskUsage;
  totals: EngineTotals;
  version: string | null;
}

/** The last answer per connection: an engine that went away shows these, dated. */
const lastSeen = new WeakMap<EngineConnection, LastSeen>();
/**
 * The last summary per connection and what it was made of: the same object while they are the
 * same, so the engine list is serialized once while nothing changed (routes/serialized-once.ts).
 */
const summaries = new WeakMap<EngineConnection, { parts: unknown[]; summary: EngineSummary }>();

function totalsOf(usage: DiskUsage): EngineTotals {
  const rows = [usage.images, usage.containers, usage.volumes, usage.buildCache];
  return {
    imageCount: usage.images.count,
    containerCount: usage.containers.count,
    engineBytes: rows.reduce((sum, row) => sum + row.totalBytes, 0),
    engineReclaimableBytes: rows.reduce((sum, row) => sum + row.reclaimableBytes, 0),
    diskBytes: usage.measurement.measured ? (usage.dataRoot?.diskBytes ?? null) : null,
    asOf: usage.engineMeasuredAt,
  };
}

/** What a summary says of an engine from its source alone: how it was configured. */
export function sourceFields(source: EngineSource) {
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    origin: source.origin,
    transport: source.endpoint.transport,
    address: source.endpoint.host,
    current: source.current,
  };
}

/** The engine's answer, or a rejection saying it did not come in time. */
function answered<T>(work: Promise<T>): Promise<T> {
  return within(work, answerTimeoutMs, () => {
    throw new Error(`The engine did not answer within ${answerTimeoutMs / 1000} s.`);
  });
}

/**
 * One engine as the all-engines overview shows it: from the same kept answers the engine's own
 * pages use (the df rows and the disk measurement), so a figure here equals the one on its page.
 */
export async function summarizeConnection(
  connection: EngineConnection,
  enabled: boolean,
): Promise<EngineSummary> {
  const { source } = connection;
  const base = { ...sourceFields(source), default: connection.isDefault, enabled };
  const status = await answered(connection.snapshot.status()).catch((error: unknown) => ({
    reachable: false as const,
    message: error instanceof Error ? error.message : String(error),
    version: null,
  }));
  let usage: DiskUsage | null = null;
  let problem: string | null = status.reachable ? null : status.message;
  if (status.reachable) {
    usage = await answered(connection.diskTruth.diskUsage()).catch((error: unknown) => {
      problem = error instanceof Error ? error.message : String(error);
      return null;
    });
  }
  const measurement =
    usage?.measurement ?? (await connection.diskTruth.measurement().catch(() => null));
  const version = status.reachable ? status.version : null;
  const seen = lastSeen.get(connection);
  if (usage !== null && (seen?.usage !== usage || seen.version !== version)) {
    lastSeen.set(connection, { usage, totals: totalsOf(usage), version });
  }
  const last = lastSeen.get(connection) ?? null;
  // A docker context may name Podman's service: what the engine says it is wins.
  const kind = status.reachable
    ? await connection.engine.kind().catch(() => source.kind)
    : source.kind;
  const parts = [enabled, kind, usage, measurement, problem, last];
  const kept = summaries.get(connection);
  if (kept !== undefined && kept.parts.every((part, index) => part === parts[index])) {
    return kept.summary;
  }
  const summary: EngineSummary = {
    ...base,
    kind,
    status: usage !== null ? 'up' : 'away',
    message:
      usage !== null ? (measurement?.measured === false ? measurement.reason : null) : problem,
    // When the engine last gave its figures (its df answer, asked again once 15 s old).
    lastSeenAt: last?.usage.engineMeasuredAt ?? null,
    version: last?.version ?? null,
    backend: measurement?.backend ?? null,
    dataRoot: measurement?.dataRoot ?? null,
    diskMeasured: measurement?.measured ?? false,
    diskReason: measurement === null || measurement.measured ? null : measurement.reason,
    totals: last?.totals ?? null,
  };
  summaries.set(connection, { parts, summary });
  return summary;
}
