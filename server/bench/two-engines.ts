import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { apiRoutes, type EngineList, engineScopedPath } from '@footprint/shared';
import { DashboardServer } from '../test/helpers/dashboard-server.js';
import type { PrivateEngine } from '../test/helpers/private-engine.js';
import { type ColdStart, type Refresh, timeColdStart, timeNewImage } from './dashboard-timing.js';
import { measureGets } from './get-load.js';
import { getJson, pollUntil, sleep } from './http-get.js';
import type { Latency } from './load.js';

/*
 * The dashboard following two engines at once (issue 19): the bench's engine as the default one
 * and a second private engine named in FOOTPRINT_ENGINES, as a person with two engines runs it.
 * What the single-engine run measures that has a meaning per engine: the cold start until both
 * engines answer in full, a new image on each (and whether the other engine's answers stayed as
 * they were), the scoped answers under load, and the server's peak memory.
 */

/** The label the second engine gets in FOOTPRINT_ENGINES, so the page names it. */
export const secondEngineName = 'second';

/** The answers whose ETags say whether an engine's kept answers were rebuilt. */
const keptAnswers = { images: apiRoutes.images, disk: apiRoutes.disk, layers: apiRoutes.layers };
type KeptAnswer = keyof typeof keptAnswers;

export interface EngineCold extends ColdStart {
  engineId: string;
  name: string;
}

export interface EngineRefresh extends Refresh {
  engineId: string;
  /**
   * The other engine's kept answers, each true when its ETag (a hash of the bytes) was the same
   * after this engine's refresh as before it. The disk answer carries its scan's times, so a
   * scan of the other engine shows; the image and layer lists carry none: the same bytes.
   */
  otherUnchanged: Record<KeptAnswer, boolean>;
}

export interface TwoEngineResults {
  /** Spawn until both engines listed every image and reported a finished scan. */
  cold: { totalMs: number; engines: EngineCold[] };
  refresh: EngineRefresh[];
  /** Each engine's scoped images, disk and layers, then GET /api/engines, under the same load. */
  latency: Latency[];
  /** Resident memory right after the cold start, and the peak (VmHWM) at the end. */
  memory: { rssAfterColdBytes: number; peakRssBytes: number };
}

export interface TwoEngineOptions {
  first: PrivateEngine;
  second: PrivateEngine;
  nodeArgs: string[];
  load: { connections: number; durationSeconds: number };
  log: (line: string) => void;
  /** Called with the server once it runs, so a Ctrl-C can stop it. */
  started?: (server: DashboardServer) => void;
}

/** GET without gzip, for the ETag only (the body is read and dropped). */
function etagOf(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 120_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        const etag = res.headers.etag;
        if (res.statusCode !== 200 || etag === undefined)
          reject(new Error(`GET ${path} answered ${res.statusCode} without an ETag.`));
        else resolve(etag);
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in 120 s`)));
    req.on('error', reject);
    req.end();
  });
}

async function etagsOf(port: number, engineId: string): Promise<Record<KeptAnswer, string>> {
  const tags: Partial<Record<KeptAnswer, string>> = {};
  for (const [name, path] of Object.entries(keptAnswers) as [KeptAnswer, string][])
    tags[name] = await etagOf(port, engineScopedPath(engineId, path));
  return tags as Record<KeptAnswer, string>;
}

const sameTags = (a: Record<KeptAnswer, string>, b: Record<KeptAnswer, string>) =>
  (Object.keys(keptAnswers) as KeptAnswer[]).every((name) => a[name] === b[name]);

/**
 * An engine's kept answers once they stop changing (the same ETags for a second): a refresh's
 * scan may still be finishing when its image is listed, and it must not count against the
 * other engine's refresh that comes next.
 */
async function settledEtags(port: number, engineId: string): Promise<Record<KeptAnswer, string>> {
  let last = await etagsOf(port, engineId);
  let since = performance.now();
  return pollUntil(
    `the answers of engine ${engineId} to settle`,
    async () => {
      await sleep(250);
      const now = await etagsOf(port, engineId);
      if (!sameTags(now, last)) {
        last = now;
        since = performance.now();
        return undefined;
      }
      return performance.now() - since >= 1000 ? now : undefined;
    },
    { intervalMs: 0, timeoutMs: 5 * 60_000 },
  );
}

/** VmRSS of a process, from /proc. */
function rssBytesOf(server: DashboardServer): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match === null ? 0 : Number(match[1]) * 1024;
}

/**
 * The two-engine run on a new server with a fresh state dir (a cold start for both engines).
 * The images it loads stay in the engines; `leftovers` gets each engine's, to remove.
 */
export async function runTwoEngines(
  options: TwoEngineOptions,
  leftovers: { engine: PrivateEngine; image: string }[],
): Promise<TwoEngineResults> {
  const { first, second, log } = options;
  const expected = async (engine: PrivateEngine) =>
    (await engine.api<unknown[]>('/images/json?all=1')).length;
  const expectedFirst = await expected(first);
  const expectedSecond = await expected(second);

  const server = await DashboardServer.start({
    dockerHost: first.dockerHost,
    nodeArgs: options.nodeArgs,
    env: { FOOTPRINT_ENGINES: `default,${secondEngineName}=${second.dockerHost}` },
  });
  options.started?.(server);
  try {
    // The IDs are the server's (a hash of kind, name and address): asked, not worked out here.
    const list = await pollUntil(
      'GET /api/engines to list both engines',
      async () => {
        const answer = await getJson<EngineList>(server.port, apiRoutes.engines);
        return answer.status === 200 && answer.body.engines.length === 2 ? answer.body : undefined;
      },
      { intervalMs: 20, timeoutMs: 60_000 },
    );
    const defaultId = list.defaultEngineId;
    const secondId = list.engines.find((engine) => engine.id !== defaultId)?.id;
    if (secondId === undefined) throw new Error('GET /api/engines named no second engine.');
    const engines = [
      { id: defaultId, name: 'default', engine: first, images: expectedFirst },
      { id: secondId, name: secondEngineName, engine: second, images: expectedSecond },
    ];
    const scoped = (id: string) => (path: string) => engineScopedPath(id, path);

    const colds = await Promise.all(
      engines.map(async ({ id, name, images }) => ({
        engineId: id,
        name,
        ...(await timeColdStart(server, images, scoped(id))),
      })),
    );
    const rssAfterColdBytes = rssBytesOf(server);
    const totalMs = Math.max(...colds.map((cold) => cold.totalMs));
    log(
      `two engines: cold start ${(totalMs / 1000).toFixed(1)} s (` +
        colds.map((cold) => `${cold.name} ${(cold.totalMs / 1000).toFixed(1)} s`).join(', ') +
        ')',
    );

    const refresh: EngineRefresh[] = [];
    for (const { id, name, engine } of engines) {
      const other = engines.find((each) => each.id !== id)?.id as string;
      await settledEtags(server.port, id);
      const before = await settledEtags(server.port, other);
      const refreshed = await timeNewImage(server, engine, scoped(id));
      leftovers.push({ engine, image: refreshed.leftover });
      // This engine's scan of the new image finishes after it is listed: wait for it, so the
      // other engine's answers are compared over the whole refresh.
      await settledEtags(server.port, id);
      const after = await etagsOf(server.port, other);
      const otherUnchanged = Object.fromEntries(
        (Object.keys(keptAnswers) as KeptAnswer[]).map((key) => [key, before[key] === after[key]]),
      ) as Record<KeptAnswer, boolean>;
      refresh.push({ ...refreshed, engineId: id, otherUnchanged });
      log(
        `two engines: a new image on ${name} shown in ${refreshed.ms.toFixed(0)} ms; the other's ` +
          `answers unchanged: ${JSON.stringify(otherUnchanged)}`,
      );
    }

    const latency: Latency[] = [];
    const paths = [
      ...engines.flatMap(({ id }) =>
        Object.values(keptAnswers).map((path) => engineScopedPath(id, path)),
      ),
      apiRoutes.engines,
    ];
    for (const path of paths) {
      const measured = await measureGets(server.port, path, options.load);
      log(`  ${path}: p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms`);
      latency.push(measured);
    }
    return {
      cold: { totalMs, engines: colds },
      refresh,
      latency,
      memory: { rssAfterColdBytes, peakRssBytes: server.peakRssBytes() },
    };
  } finally {
    await server.stop();
  }
}
