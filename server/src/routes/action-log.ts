import type { ImageRemoval, ImageRemovalList, PruneResult } from '@footprint/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/*
 * One line in the server log for every destructive action, at the default level: what was
 * asked, by whom (every such route needs the browser's session), on which engine, what happened to each item and
 * the bytes that came back, engine and on disk. A refusal or failure is logged too, with its
 * code. Names and IDs go in as JSON fields (pino escapes them); no credential is ever here.
 */

type Details = Record<string, unknown>;

export async function logged<T>(
  request: FastifyRequest,
  action: string,
  asked: Details,
  run: () => Promise<T>,
  summarize: (result: T) => Details,
): Promise<T> {
  // Which engine it acted on (issue 19); none for the app-wide routes (a registry's tags).
  const engine = (request.engine as typeof request.engine | null)?.id;
  const base = { action, by: 'session', ...(engine !== undefined ? { engine } : {}), ...asked };
  try {
    const result = await run();
    request.log.info({ ...base, ...summarize(result) }, `${action}: done`);
    return result;
  } catch (error) {
    const refused =
      error instanceof AppError
        ? { statusCode: error.statusCode, code: error.code, message: error.message }
        : { statusCode: 500, code: 'INTERNAL_ERROR' };
    request.log.info({ ...base, refused }, `${action}: not done`);
    throw error;
  }
}

const outcomes = (items: readonly { outcome: string }[]) =>
  items.reduce<Record<string, number>>((counts, { outcome }) => {
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    return counts;
  }, {});

export function pruneSummary(result: PruneResult): Details {
  return {
    previewId: result.previewId,
    complete: result.complete,
    outcomes: outcomes(result.items),
    items: result.items.map((item) => ({ kind: item.kind, id: item.id, outcome: item.outcome })),
    reclaimedBytes: result.reclaimedBytes,
    diskReclaimedBytes: result.disk?.reclaimedBytes ?? null,
  };
}

export function removalListSummary(list: ImageRemovalList): Details {
  return {
    outcomes: outcomes(list.results),
    results: list.results.map(({ id, outcome, code }) => ({ id, outcome, code })),
    diskReclaimedBytes: list.disk?.reclaimedBytes ?? null,
  };
}

export function removalSummary(removal: ImageRemoval): Details {
  return { outcome: removal.outcome, untagged: removal.untagged, deleted: removal.deleted };
}
