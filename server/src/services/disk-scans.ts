import { randomUUID } from 'node:crypto';
import type { ScanStatus, ServerEvent } from '@footprint/shared';
import { mergeScopes, type ScanScope } from '../domain/scan-scope.js';
import type { StorageInfo } from '../engine/engine.js';
import { handledLater } from '../handled-later.js';
import type { BackendSelection, DataRootBackend } from '../storage/backends/storage-backend.js';
import { explainScanError } from '../storage/data-root-access.js';
import { scanDataRoot } from '../storage/data-root-scan.js';
import { ScanCache } from '../storage/scan-cache.js';
import { idleStatus, type StorageFacts } from './disk-measurement.js';
import { type DiskSnapshot, toSnapshot } from './disk-snapshot.js';
import type { EventBus } from './event-bus.js';
import type { KeptDisk } from './kept-disk.js';
import { type LastScan, previousFor } from './scan-reuse.js';

/*
 * The scans of one engine's data root (DiskTruth answers from them): one at a time, a request
 * while one runs merged into the one after it; each with the layer metadata that labels it,
 * reusing what the last scan of the same data root found where it still holds (scan-reuse.ts),
 * its progress in its status as it comes.
 */

const progressIntervalMs = 250;

interface ScanJob {
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
async function scanBackend(job: ScanJob): Promise<LastScan> {
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
    pools: backend.workers,
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

export interface ScanRequest {
  /** Read every directory again, the layer cache ignored. */
  full: boolean;
  scope: ScanScope;
}

/** Where the engine's storage is and which backend reads it, as DiskTruth decides it. */
export interface ScanStorage {
  select(): Promise<{ info: StorageInfo; selection: BackendSelection }>;
  /** What the scan found of the storage: its verdict, or why this process cannot read it. */
  found(facts: StorageFacts): void;
}

export class DiskScans {
  readonly #cache: ScanCache;
  #status: ScanStatus = idleStatus();
  #running: Promise<void> | null = null;
  #queued: ScanRequest | null = null;
  #abort: AbortController | null = null;
  #closed = false;
  #snapshot: DiskSnapshot | null = null;
  /** The last complete scan and the metadata it used: what a scoped refresh starts from. */
  #last: LastScan | null = null;
  /** Layer directories by chain ID, from the layer metadata the last scan read (or kept). */
  cacheIdByChain = new Map<string, string>();

  constructor(
    readonly bus: EventBus,
    readonly storage: ScanStorage,
    readonly keptDisk: KeptDisk,
    readonly options: { stateDir: string | null; workers?: number | undefined },
  ) {
    this.#cache = new ScanCache(options.stateDir);
  }

  get status(): ScanStatus {
    return this.#status;
  }

  /** What the last complete scan found, in the answers' shapes. */
  get snapshot(): DiskSnapshot | null {
    return this.#snapshot;
  }

  get last(): LastScan | null {
    return this.#last;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Starts a scan unless one runs: then it is merged into the one queued after it. */
  request(request: ScanRequest): ScanStatus {
    if (this.#closed) return this.#status;
    if (this.#running !== null) {
      const queued = this.#queued;
      this.#queued =
        queued === null
          ? request
          : { full: request.full || queued.full, scope: mergeScopes(request.scope, queued.scope) };
      return this.#status;
    }
    this.#running = this.#loop(request);
    return this.#status;
  }

  /** Resolves when no scan runs or is queued, and the layer cache is saved. */
  async whenDone(): Promise<void> {
    while (this.#running !== null) await this.#running;
    await this.#cache.saved();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#queued = null;
    this.#abort?.abort();
    await this.#running?.catch(() => {});
    // The worker threads are the app's, shared with its other engines: it ends them (app.ts).
    await Promise.all([this.#cache.saved(), this.keptDisk.flush()]);
  }

  /**
   * Runs scans until none is queued. Nothing awaits this loop but close() and whenDone(), so
   * it never rejects: #scan records its own failures in the status, and anything else (a bug)
   * marks the scan failed with its message.
   */
  async #loop(request: ScanRequest): Promise<void> {
    let next: ScanRequest | null = request;
    try {
      while (next !== null && !this.#closed) {
        this.#queued = null;
        await this.#scan(next);
        next = this.#queued;
      }
    } catch (error) {
      this.#failed(error instanceof Error ? error.message : String(error));
    } finally {
      this.#running = null;
    }
  }

  #failed(message: string): void {
    this.#status = {
      ...this.#status,
      state: 'failed',
      finishedAt: new Date().toISOString(),
      message,
    };
  }

  async #scan({ full, scope }: ScanRequest): Promise<void> {
    const scanId = randomUUID();
    const expected = this.#snapshot?.breakdown.diskBytes ?? null;
    this.#status = {
      ...idleStatus(),
      state: 'running',
      scanId,
      full,
      startedAt: new Date().toISOString(),
    };
    const publish = (phase: 'running' | 'done' | 'failed', diskBytesDone: number) =>
      this.bus.publish(scanProgressEvent(scanId, this.#status, phase, diskBytesDone, expected));
    const abort = new AbortController();
    this.#abort = abort;
    let facts: StorageFacts | null = null;
    try {
      publish('running', 0);
      const { info, selection } = await this.storage.select();
      const { verdict, dataRoot, backend } = selection;
      const access =
        verdict.measurable && backend !== null
          ? await backend.probe(info.rootless)
          : { readable: false as const, reason: verdict.reason ?? 'Not measurable.' };
      facts = {
        backend: verdict.backend,
        driver: info.driver,
        dataRoot,
        rootless: info.rootless,
        reason: access.readable ? null : access.reason,
        storage: backend,
      };
      this.storage.found(facts);
      if (!access.readable || backend === null) {
        this.#status = {
          ...this.#status,
          state: 'unavailable',
          finishedAt: new Date().toISOString(),
        };
        publish('done', 0);
        return;
      }
      const { scan, metadata } = await scanBackend({
        backend,
        full,
        scope,
        last: this.#last,
        cache: this.#cache,
        workers: this.options.workers,
        signal: abort.signal,
        status: this.#status,
        publish,
      });
      this.#snapshot = toSnapshot(scan, metadata, full, backend);
      if (metadata.layers !== this.#last?.metadata.layers) {
        this.cacheIdByChain = new Map(metadata.layers.map((l) => [l.chainId, l.cacheId]));
      }
      this.#last = { scan, metadata };
      this.keptDisk.keep(scan.device, this.#snapshot, this.cacheIdByChain);
      this.#status = {
        ...this.#status,
        state: 'done',
        finishedAt: new Date().toISOString(),
        directoriesRead: this.#snapshot.directoriesRead,
      };
      publish('done', this.#snapshot.breakdown.diskBytes);
    } catch (error) {
      this.#failed(explainScanError(error, facts?.dataRoot ?? '', facts?.rootless ?? false));
      publish('failed', 0);
    } finally {
      this.#abort = null;
    }
  }
}
