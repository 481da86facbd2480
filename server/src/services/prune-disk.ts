import type { PruneDiskPreview, PruneDiskResult } from '@footprint/shared';
import { removedDiskBytes } from '../domain/prune-disk.js';
import type { PrunePlan } from '../domain/prune-types.js';
import type { DataRootBackend } from '../storage/backends/storage-backend.js';
import { measurePaths } from '../storage/measure-paths.js';

/*
 * The on-disk side of a prune (issue #15): what each listed item frees on disk, from the last
 * scan of the data root (layer directories, containers/<id>) and direct measurements of the
 * small records it does not list one by one; and, around the run, the data root measured
 * before the first removal and after the last.
 */

/** What the last scan knows, for naming and sizing what a removal takes away. */
export interface RemovalFacts {
  dataRoot: string;
  driver: string;
  /** The backend that scan read: it names the paths a removal frees. */
  backend: Pick<DataRootBackend, 'removalPaths' | 'workers'>;
  measuredAt: string;
  /** `du -B1 -s` of a path under the data root as the last scan measured it; null if it did not. */
  scannedBytes(path: string): number | null;
  cacheIdOf(chainId: string): string | null;
  mountsOf(containerId: string): { mountId: string; initId: string | null } | null;
}

export interface PruneDiskSource {
  /** The last complete scan's facts, once scans running now are done; or why there are none. */
  removalFacts(): Promise<RemovalFacts | { reason: string }>;
  /** Scans the data root now: its `du -x -B1 -s`; or why it cannot be measured. */
  measureNow(): Promise<{ diskBytes: number; measuredAt: string } | { reason: string }>;
}

const buildCacheNote =
  'Build cache records have no on-disk figure before the prune: BuildKit’s map from records ' +
  'to snapshot directories is not read here. What the data root loses is measured after.';

export interface DiskPreview {
  /** Per plan item, in order. */
  itemBytes: (number | null)[];
  disk: PruneDiskPreview;
}

export async function previewDisk(
  plan: Pick<PrunePlan, 'items' | 'freedChains'>,
  source: PruneDiskSource,
): Promise<DiskPreview> {
  const facts = await source.removalFacts();
  if ('reason' in facts) {
    return {
      itemBytes: plan.items.map(() => null),
      disk: {
        totalBytes: 0,
        complete: plan.items.length === 0,
        measuredAt: null,
        note: facts.reason,
      },
    };
  }
  const paths = await facts.backend.removalPaths(plan, facts);
  // What the scan did not measure one by one is measured now (a few small entries each).
  const direct = [
    ...new Set(paths.flat().filter((path) => path !== null && facts.scannedBytes(path) === null)),
  ] as string[];
  const measured = await measurePaths(
    facts.backend.workers.scan,
    direct.map((path) => `${facts.dataRoot}/${path}`),
  );
  const now = new Map(direct.map((path, index) => [path, measured[index] ?? null]));
  const itemBytes = removedDiskBytes(
    paths,
    (path) => facts.scannedBytes(path) ?? now.get(path) ?? null,
  );

  const complete = itemBytes.every((bytes) => bytes !== null);
  const note = complete
    ? null
    : plan.items.some((item, index) => item.kind === 'build-cache' && itemBytes[index] === null)
      ? buildCacheNote
      : 'Some items appeared after the last scan of the data root: their on-disk figures are ' +
        'not known yet. What the data root loses is measured after the prune.';
  return {
    itemBytes,
    disk: {
      totalBytes: itemBytes.reduce<number>((sum, bytes) => sum + (bytes ?? 0), 0),
      complete,
      measuredAt: facts.measuredAt,
      note,
    },
  };
}

export type DataRootBytes = { diskBytes: number; measuredAt: string };
/** A measurement of the data root, or why there is none. */
export type DataRootMeasure = DataRootBytes | { reason: string };

/** The data root's `du -x -B1 -s` now, or why it cannot be had (never throws). */
export async function measureDataRoot(source: PruneDiskSource): Promise<DataRootMeasure> {
  try {
    return await source.measureNow();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reason: `The data root could not be measured: ${message}` };
  }
}

/**
 * What a report says of the disk from the measurements before and after (null: not taken,
 * the work stopped before): the loss, or why it is not known.
 */
export function diskOutcome(
  before: DataRootMeasure | null,
  after: DataRootMeasure | null,
): { disk: PruneDiskResult | null; diskNote: string | null } {
  for (const measure of [before, after]) {
    if (measure === null) return { disk: null, diskNote: null };
    if ('reason' in measure) return { disk: null, diskNote: measure.reason };
  }
  return { disk: diskResult(before as DataRootBytes, after as DataRootBytes), diskNote: null };
}

/**
 * Runs `work` between two measurements of the data root: what it really lost, measured, not
 * copied from a preview; or why it could not be measured.
 */
export async function measuredAround<T>(
  source: PruneDiskSource,
  work: () => Promise<T>,
): Promise<{ value: T; disk: PruneDiskResult | null; diskNote: string | null }> {
  const before = await measureDataRoot(source);
  const value = await work();
  const after = 'reason' in before ? null : await measureDataRoot(source);
  return { value, ...diskOutcome(before, after) };
}

/** The data root before and after, measured: what it really lost. */
function diskResult(
  before: { diskBytes: number; measuredAt: string },
  after: { diskBytes: number; measuredAt: string },
): PruneDiskResult {
  return {
    beforeBytes: before.diskBytes,
    afterBytes: after.diskBytes,
    reclaimedBytes: before.diskBytes - after.diskBytes,
    measuredAt: after.measuredAt,
  };
}
