import type { ScanStatus, ServerEvent } from '@footprint/shared';
import type { ScanScope } from '../domain/scan-scope.js';
import { handledLater } from '../handled-later.js';
import type { DataRootBackend } from '../storage/backends/storage-backend.js';
import { scanDataRoot } from '../storage/data-root-scan.js';
import type { ScanCache } from '../storage/scan-cache.js';
import { type LastScan, previousFor } from './scan-reuse.js';

/*
 * One scan of a backend's data root with the layer metadata that labels it (DiskTruth runs them
 * one at a time): what the last scan of the same data root found is reused where it still holds
 * (scan-reuse.ts), and progress goes into the scan's status as it comes.
 */

const progressIntervalMs = 250;

export interface ScanJob {
  backend: DataRootBackend;
  /** Read every directory again, the layer cache ignored. */
  full: boolean;
  scope: ScanScope;
  /** The last complete scan, whatever data root it measured. */
  last: LastScan | null;
  cache: ScanCache;
  workers?: number | undefined;
  signal: AbortSignal;
  /** Changed in place as the scan goes (answers made meanwhile show its progress). */
  status: ScanStatus;
  /** Sends `scan-progress` with the status as it is and the bytes read so far. */
  publish(phase: 'running', diskBytesDone: number): void;
}

/** A `scan-progress` event of one scan, from its status as it is when sent. */
export function scanProgressEvent(
  scanId: string,
  status: ScanStatus,
  phase: 'running' | 'done' | 'failed',
  diskBytesDone: number,
  diskBytesExpected: number | null,
): ServerEvent {
  return {
    type: 'scan-progress',
    scanId,
    phase,
    partsDone: status.partsDone,
    partsTotal: status.partsTotal,
    directoriesRead: status.directoriesRead,
    diskBytesDone,
    diskBytesExpected,
    message: status.message,
  };
}

/** Scans the data root; throws what the scan or the metadata could not read. */
export async function scanBackend(job: ScanJob): Promise<LastScan> {
  const { backend, full, scope, status } = job;
  const { dataRoot } = backend;
  // What the last scan of this data root found still holds in part (see scan-reuse.ts).
  // Without an image removal since, every layer record and image layer directory it listed
  // is still there as it was; without any image event, there is no new one either: reading
  // 5,000 layers' metadata again was most of a refresh.
  const last = !full && job.last?.scan.dataRoot === dataRoot ? job.last : null;
  const layersKept = last !== null && !scope.layersRemoved;
  // The layer metadata is read while the data root is listed: only the classification of the
  // layer directories waits for it.
  const reading = handledLater(
    backend.readScanMetadata(
      layersKept
        ? {
            layers: last.metadata.layers,
            change: scope.kinds.has('image-metadata') ? 'added' : 'same',
          }
        : null,
      last?.metadata.mounts,
    ),
  );
  let lastPublished = 0;
  // Both are awaited by scanDataRoot, after work of its own: if the metadata cannot be read
  // (EACCES on a layer record), the scan fails with that reason.
  const scan = await scanDataRoot({
    dataRoot,
    driver: backend.driver,
    layout: backend.layout,
    references: handledLater(reading.then((metadata) => metadata.references)),
    cache: job.cache,
    full,
    previous:
      last !== null
        ? handledLater(
            reading.then((metadata) => previousFor(last, metadata, scope, backend.layout)),
          )
        : null,
    ...(layersKept ? { kept: last.scan.layers } : {}),
    signal: job.signal,
    ...(job.workers !== undefined ? { workers: job.workers } : {}),
    onProgress: (progress) => {
      status.partsDone = progress.partsDone;
      status.partsTotal = progress.partsTotal;
      status.partsCached = progress.partsCached;
      status.directoriesRead = progress.directoriesDone + progress.directoriesRead;
      const now = Date.now();
      if (now - lastPublished < progressIntervalMs) return;
      lastPublished = now;
      job.publish('running', progress.diskBytesDone + progress.diskBytes);
    },
  });
  return { scan, metadata: await reading };
}
