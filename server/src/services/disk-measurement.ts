import type { DiskMeasurement, LayerDisk, ScanStatus, StorageBackend } from '@footprint/shared';
import type { DataRootBackend } from '../storage/backends/storage-backend.js';
import type { MeasuredFigures } from '../storage/kept-measurement.js';

/*
 * The answers' pieces DiskTruth makes from its state (where the storage stands, the figures of
 * the last scan or the kept measurement, the scan's status): plain functions of it.
 */

/** What the engine says of its storage, and whether this process can measure it. */
export interface StorageFacts {
  backend: StorageBackend;
  driver: string;
  dataRoot: string;
  rootless: boolean;
  /** Why the disk cannot be measured; null when it can. */
  reason: string | null;
  /** The backend that reads this storage; null where none does. */
  storage: DataRootBackend | null;
}

/** Disk figures of layer directories by cache ID (see DiskTruth.layerDisks). */
export interface LayerDisks {
  of(cacheId: string | null): LayerDisk;
}

export function idleStatus(): ScanStatus {
  return {
    state: 'never',
    scanId: null,
    full: false,
    startedAt: null,
    finishedAt: null,
    partsDone: 0,
    partsTotal: 0,
    partsCached: 0,
    directoriesRead: 0,
    message: null,
  };
}

/**
 * Where measuring stands: the figures when they are of this data root (`kept`: they are the
 * measurement kept from before this start), else why there are none.
 */
export function measurementOf(
  facts: StorageFacts,
  figures: MeasuredFigures | null,
  kept: boolean,
  status: ScanStatus,
): DiskMeasurement {
  const measured = facts.reason === null && figures !== null && figures.dataRoot === facts.dataRoot;
  let reason = facts.reason;
  if (reason === null && !measured) {
    reason =
      status.state === 'failed'
        ? `The scan failed: ${status.message}`
        : 'The first scan of the data root is running; its figures appear when it is done.';
  }
  return {
    backend: facts.backend,
    driver: facts.driver || null,
    dataRoot: facts.dataRoot || null,
    rootless: facts.rootless,
    measured,
    reason,
    measuredAt: measured ? figures.measuredAt : null,
    kept: measured && kept,
    scan: facts.reason !== null ? { ...status, state: 'unavailable' } : { ...status },
    partial: measured && figures.warnings.length > 0,
    warnings: measured ? figures.warnings : [],
    vanishedEntries: measured ? figures.vanishedEntries : 0,
    mountsSkipped: measured ? figures.mountsSkipped : 0,
  };
}

/** Each layer directory's figures from one measurement, or why it has none. */
export function layerDisksOf(
  figures: MeasuredFigures | null,
  reason: string,
  /** Names each layer's directory; null: none is named. */
  backend: Pick<DataRootBackend, 'layerDirectory'> | null,
): LayerDisks {
  return {
    of(cacheId) {
      const directory =
        cacheId !== null && backend !== null ? backend.layerDirectory(cacheId) : null;
      const measured = cacheId !== null ? figures?.overlayDirs.get(cacheId) : undefined;
      if (measured !== undefined) return { directory, ...measured, notMeasuredReason: null };
      const missing = cacheId === null ? 'The layer metadata does not name its directory. ' : '';
      return {
        directory,
        diskBytes: null,
        apparentBytes: null,
        files: null,
        notMeasuredReason: `${missing}${reason}`,
      };
    },
  };
}
