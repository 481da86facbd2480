import { randomUUID } from 'node:crypto';
import type {
  ContainerList,
  DuplicatedDiff,
  DiskMeasurement,
  DiskUsage,
  LayerDisk,
  ScanStatus,
} from '@footprint/shared';
import { toContainerDisk } from '../domain/containers.js';
import {
  type CopiesByDiff,
  duplicatedCopies,
  findDuplicatedDiffs,
} from '../domain/duplicated-diffs.js';
import type { ImageLayers } from '../domain/types.js';
import {
  type EngineChange,
  everythingMutable,
  mergeScopes,
  type ScanScope,
} from '../domain/scan-scope.js';
import type { StorageInfo } from '../engine/engine.js';
import {
  type BackendSelection,
  type DataRootBackend,
  selectBackend,
} from '../storage/backends/storage-backend.js';
import { explainScanError } from '../storage/data-root-access.js';
import type { KeptMeasurement, MeasuredFigures } from '../storage/kept-measurement.js';
import { ScanCache } from '../storage/scan-cache.js';
import { endIdleWorkers } from '../storage/scan/scan-pool.js';
import { endBulkReader } from '../storage/bulk-read/bulk-read.js';
import { type DiskSnapshot, type ScanReport, scanReport, toSnapshot } from './disk-snapshot.js';
import type { EventBus } from './event-bus.js';
import {
  idleStatus,
  type LayerDisks,
  layerDisksOf,
  measurementOf,
  type StorageFacts,
} from './disk-measurement.js';

export type { LayerDisks } from './disk-measurement.js';
import { KeptDisk } from './kept-disk.js';
import { scanBackend, scanProgressEvent } from './disk-scan.js';
import type { LastScan } from './scan-reuse.js';
import { ScanTrigger } from './scan-trigger.js';
import type { Inventory } from './inventory.js';
import { labelKeptRows } from './kept-engine.js';

export interface DiskTruthOptions {
  /** The data root as this process sees it; null: the engine's DockerRootDir. */
  dataRoot: string | null;
  /** Where the layer cache is kept; null: in memory only. */
  stateDir: string | null;
  /**
   * Why this engine's data root is not read from here (a remote engine: a path on another host);
   * null or absent: it is read when the backend can be measured.
   */
  unreadableReason?: string | null;
  /** Scan worker threads; default: one per core, at most 4. */
  workers?: number;
}

/** With a kept measurement, how long the first scan waits at most for the first disk answer. */
const firstScanDelayMs = 1000;
/** How old the progress in a kept answer may be while a scan runs (see diskUsage). */
const runningAnswerMs = 100;

interface ScanRequest {
  full: boolean;
  scope: ScanScope;
}

/**
 * Disk truth: the data root measured as `du` measures it, kept beside the engine's figures.
 * Scans run in the background, one at a time; every answer is immediate and says how fresh it
 * is. The first request that needs disk figures starts the first scan.
 */
export class DiskTruth {
  readonly #cache: ScanCache;
  #snapshot: DiskSnapshot | null = null;
  /** The measurement kept from before this start, answered with until the first scan is done. */
  #kept: KeptMeasurement | null = null;
  readonly #keptDisk: KeptDisk;
  #status: ScanStatus = idleStatus();
  #facts: StorageFacts | null = null;
  #running: Promise<void> | null = null;
  #queued: ScanRequest | null = null;
  #answer: { key: unknown[]; answer: DiskUsage; madeAt: number } | null = null;
  /** When an engine event's scan starts (see noteChange). */
  readonly #trigger = new ScanTrigger((scope) => this.refresh(scope));
  /** The last complete scan and the metadata it used: what a scoped refresh starts from. */
  #last: LastScan | null = null;
  #abort: AbortController | null = null;
  #closed = false;
  /** With a kept measurement: the first scan, to start after the first answer (see #measure). */
  #firstScan: NodeJS.Timeout | null = null;
  /** Layer directories by chain ID, from the layer metadata the last scan read. */
  #cacheIdByChain = new Map<string, string>();
  #layerDisks: {
    snapshot: MeasuredFigures | null;
    reason: string;
    backend: DataRootBackend | null;
    lookup: LayerDisks;
  } | null = null;
  #duplicates: {
    images: readonly ImageLayers[];
    copies: CopiesByDiff;
    snapshot: MeasuredFigures | null;
    result: DuplicatedDiff[];
  } | null = null;

  constructor(
    readonly inventory: Inventory,
    readonly bus: EventBus,
    readonly options: DiskTruthOptions,
  ) {
    this.#cache = new ScanCache(options.stateDir);
    this.#keptDisk = new KeptDisk(options.stateDir);
  }

  /**
   * Call when something changed that no engine event tells (sizes grew, the engine came back):
   * reads again everything that can change without an event and takes the image layers from
   * the previous scan and the layer cache (see domain/scan-scope.ts). Returns at once; progress
   * goes out as `scan-progress`. Calls during a scan are merged into one more scan after it.
   */
  refresh(scope: ScanScope = everythingMutable): ScanStatus {
    return this.requestScan({ full: false, scope });
  }

  /**
   * An engine event, as it comes (app-actions.ts passes the watcher's): a scan of what it can
   * have touched starts at once (a container's create, attach and start wait a little for its
   * next events: scan-trigger.ts), or is merged into the one after the running scan. Nothing
   * happens before anyone asked for disk figures.
   */
  noteChange(change: EngineChange): void {
    if (this.hasScanned && !this.#closed) this.#trigger.note(change);
  }

  /** Starts a scan (full: read every directory again, cache ignored) unless one is queued. */
  requestScan({
    full,
    scope = everythingMutable,
  }: {
    full: boolean;
    scope?: ScanScope;
  }): ScanStatus {
    if (this.#closed) return this.#status;
    const request = { full, scope };
    if (this.#running !== null) {
      const queued = this.#queued;
      this.#queued =
        queued === null
          ? request
          : { full: full || queued.full, scope: mergeScopes(scope, queued.scope) };
      return this.#status;
    }
    this.#running = this.#loop(request);
    return this.#status;
  }

  /** Resolves when no scan is running, queued or waiting for more events (tests, the bench). */
  async whenIdle(): Promise<void> {
    this.#startFirstScan();
    this.#trigger.flush();
    while (this.#running !== null) await this.#running;
    await this.#cache.saved();
  }

  /** Whether a scan ever started: before that, nobody asked for disk figures. */
  get hasScanned(): boolean {
    return this.#status.state !== 'never';
  }

  /**
   * The last complete scan, once the scans running or waiting now are done, while it measures
   * the data root the engine names; else why there is none. A prune preview sizes what each
   * item frees on disk from it.
   */
  async settledScan(): Promise<
    | {
        last: LastScan;
        /** The backend that scan read. */
        backend: DataRootBackend;
        driver: string;
        measuredAt: string;
        cacheIdOf(chainId: string): string | null;
      }
    | { reason: string }
  > {
    await this.measurement();
    await this.whenIdle();
    const measurement = await this.measurement();
    const last = this.#last;
    const backend = this.#facts?.storage ?? null;
    if (!measurement.measured || last === null || this.#snapshot === null || backend === null) {
      return { reason: measurement.reason ?? 'The data root is not measured.' };
    }
    const byChain = this.#cacheIdByChain;
    return {
      last,
      backend,
      driver: measurement.driver ?? '',
      measuredAt: this.#snapshot.measuredAt,
      cacheIdOf: (chainId) => byChain.get(chainId) ?? null,
    };
  }

  /**
   * The backend that reads this engine's storage (a container's footprint, a removal's paths);
   * null where none does. Whether this process may read it is each scan's probe.
   */
  async storageBackend(): Promise<DataRootBackend | null> {
    return (await this.#storageFacts()).storage;
  }

  /** Scans now (everything that can change) and answers the data root's `du -x -B1 -s`. */
  async measureNow(): Promise<{ diskBytes: number; measuredAt: string } | { reason: string }> {
    if (this.hasScanned) this.refresh();
    const settled = await this.settledScan();
    if ('reason' in settled) return settled;
    const snapshot = this.#snapshot as DiskSnapshot;
    return { diskBytes: snapshot.breakdown.diskBytes, measuredAt: snapshot.measuredAt };
  }

  /** What the last complete scan read and took from the cache. */
  lastScanReport(): ScanReport | null {
    return this.#snapshot !== null ? scanReport(this.#snapshot) : null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#firstScan !== null) clearTimeout(this.#firstScan);
    this.#trigger.cancel();
    this.#queued = null;
    this.#abort?.abort();
    await this.#running?.catch(() => {});
    await Promise.all([
      endIdleWorkers(),
      endBulkReader(),
      this.#cache.saved(),
      this.#keptDisk.flush(),
    ]);
  }

  /** GET /api/disk: the engine's rows and the disk's truth beside them. */
  async diskUsage(): Promise<DiskUsage> {
    const knowing = this.#storageFacts();
    // The first scan starts before the engine's figures are awaited: at 2,000 images listing
    // the images takes a second or two, and the scan is the longer of the two.
    if (!this.hasScanned) void knowing.then((facts) => this.#measure(facts)).catch(() => {});
    // Before the engine answered once in this run: its rows kept from before (labelled so).
    const keptEngine = this.inventory.options.kept;
    const [usage, facts, layers] = await Promise.all([
      keptEngine === undefined
        ? this.inventory.diskUsage()
        : keptEngine.answer('disk', () => this.inventory.diskUsage()).then(labelKeptRows),
      knowing,
      keptEngine === undefined
        ? this.inventory.imageLayers()
        : keptEngine
            .answer('layers', () => this.inventory.imageLayers())
            .then(({ value }) => value),
    ]);
    // The same answer object while nothing it is made of changed: the route serializes it
    // once. Pages, and a benchmark's load, ask far more often than anything changes. A running
    // scan changes its status in place: its progress is at most runningAnswerMs old (a page
    // that polls during a refresh made the server build and serialize the whole answer again
    // for each poll, a third of a container scan's time).
    const key = [usage, facts, layers, this.#figures, this.#status];
    const kept = this.#answer;
    if (
      kept !== null &&
      (this.#status.state !== 'running' || Date.now() - kept.madeAt < runningAnswerMs) &&
      kept.key.every((part, index) => part === key[index])
    ) {
      return kept.answer;
    }
    const measurement = this.#measure(facts);
    const snapshot = measurement.measured ? this.#figures : null;
    const answer: DiskUsage = {
      ...usage,
      measurement,
      dataRoot: snapshot?.breakdown ?? null,
      orphans: snapshot?.orphans ?? null,
      duplicatedDiffs: this.#duplicatedDiffs(layers, snapshot),
    };
    // Measuring may have started the first scan, which replaced the status.
    this.#answer = {
      key: [usage, facts, layers, this.#figures, this.#status],
      answer,
      madeAt: Date.now(),
    };
    // The first answer from a kept measurement is out: the first scan may start now.
    if (this.#firstScan !== null) setImmediate(() => this.#startFirstScan());
    return answer;
  }

  /** Diffs stored under several chains; once per image set and scan, not per request. */
  #duplicatedDiffs(images: readonly ImageLayers[], snapshot: MeasuredFigures | null) {
    const kept = this.#duplicates;
    if (kept !== null && kept.images === images && kept.snapshot === snapshot) return kept.result;
    const copies = kept?.images === images ? kept.copies : duplicatedCopies(images);
    const result = findDuplicatedDiffs(
      images,
      (chainId) => {
        const cacheId = this.#cacheIdByChain.get(chainId) ?? null;
        const figures = cacheId !== null ? snapshot?.overlayDirs.get(cacheId) : undefined;
        return { cacheId, diskBytes: figures?.diskBytes ?? null };
      },
      copies,
    );
    this.#duplicates = { images, copies, snapshot, result };
    return result;
  }

  /** Where measuring stands; starts the first scan when none ran yet. */
  async measurement(): Promise<DiskMeasurement> {
    return this.#measure(await this.#storageFacts());
  }

  /**
   * The figures answers are made of: the last scan's, or before the first scan is done the
   * measurement kept from before this start (answers say which, measurement.kept).
   */
  get #figures(): MeasuredFigures | null {
    return this.#snapshot ?? this.#kept;
  }

  #measure(facts: StorageFacts): DiskMeasurement {
    if (this.#status.state === 'never' && facts.reason === null) {
      // With a kept measurement the first answers need no scan: it starts once the first disk
      // answer is made (diskUsage), a second after the first request at the latest, instead of
      // taking the CPU from the engine's first answers, which every page waits for.
      if (this.#kept === null) this.refresh();
      else this.#firstScan ??= setTimeout(() => this.#startFirstScan(), firstScanDelayMs).unref();
    }
    const figures = this.#figures;
    return measurementOf(facts, figures, figures !== this.#snapshot, this.#status);
  }

  /** Disk figures of one layer directory for GET /api/images/:id. */
  async layerDisk(cacheId: string | null): Promise<LayerDisk> {
    return (await this.layerDisks()).of(cacheId);
  }

  /**
   * Disk figures of layer directories, any number of them from one measurement (GET
   * /api/layers asks for 5,000 at 2,000 images). The same object while the figures and the
   * reasons it gives are the same, so what is built from it can be kept by its identity.
   */
  async layerDisks(): Promise<LayerDisks> {
    const facts = await this.#storageFacts();
    const measurement = this.#measure(facts);
    const snapshot = measurement.measured ? this.#figures : null;
    const reason = measurement.measured
      ? 'The layer appeared after the last scan; it is measured by the next one.'
      : (measurement.reason ?? 'Not measured.');
    // Each layer's directory is named wherever a backend knows the storage, measured or not.
    const backend = measurement.dataRoot !== null ? facts.storage : null;
    const kept = this.#layerDisks;
    if (
      kept !== null &&
      kept.snapshot === snapshot &&
      kept.reason === reason &&
      kept.backend === backend
    ) {
      return kept.lookup;
    }
    const lookup = layerDisksOf(snapshot, reason, backend);
    this.#layerDisks = { snapshot, reason, backend, lookup };
    return lookup;
  }

  /** GET /api/containers: every container's writable layer and logs, engine and disk. */
  async containers(): Promise<ContainerList> {
    const keptEngine = this.inventory.options.kept;
    const [{ value: list, keptAt }, measurement] = await Promise.all([
      keptEngine === undefined
        ? this.inventory.containersWithSize().then((value) => ({ value, keptAt: null }))
        : keptEngine.answer('containers', () => this.inventory.containersWithSize()),
      this.measurement(),
    ]);
    const snapshot = measurement.measured ? this.#figures : null;
    const containers = list.map((container) => {
      const facts = snapshot?.containers.get(container.id) ?? null;
      const reason =
        snapshot === null
          ? measurement.reason
          : 'The container was created after the last scan; it is measured by the next one.';
      return toContainerDisk(container, facts, reason);
    });
    return { containers, measurement, ...(keptAt !== null ? { engineKeptAt: keptAt } : {}) };
  }

  /** The backend and its verdict, or the plain reason this engine's data root is not read here. */
  #select(info: StorageInfo): BackendSelection {
    const selection = selectBackend(info, this.options.dataRoot);
    const reason = this.options.unreadableReason ?? null;
    if (reason === null) return selection;
    return { ...selection, verdict: { ...selection.verdict, measurable: false, reason } };
  }

  async #storageFacts(): Promise<StorageFacts> {
    const info = await this.inventory.snapshot.storageInfo();
    const { verdict, dataRoot, backend } = this.#select(info);
    const known = this.#facts;
    // Readability is checked by each scan; keep its verdict until the next one.
    const accessReason =
      known !== null && known.dataRoot === dataRoot && known.backend === verdict.backend
        ? known.reason
        : null;
    const facts: StorageFacts = {
      backend: verdict.backend,
      driver: info.driver,
      dataRoot,
      rootless: info.rootless,
      reason: verdict.reason ?? accessReason,
      storage: backend,
    };
    // The same object while nothing changed: answers built from it are kept by identity.
    const same =
      known !== null &&
      (Object.keys(facts) as (keyof StorageFacts)[]).every((key) => facts[key] === known[key]);
    if (!same) this.#facts = facts;
    await this.#readKept(dataRoot);
    return this.#facts as StorageFacts;
  }

  #startFirstScan(): void {
    if (this.#firstScan === null) return;
    clearTimeout(this.#firstScan);
    this.#firstScan = null;
    if (this.#status.state === 'never' && !this.#closed) this.refresh();
  }

  /** Before the first scan is done: the measurement kept from before this start, if any. */
  async #readKept(dataRoot: string): Promise<void> {
    if (this.#snapshot !== null) return;
    const kept = await this.#keptDisk.read(dataRoot);
    if (kept === null || this.#snapshot !== null || this.#kept === kept) return;
    this.#kept = kept;
    if (this.#cacheIdByChain.size === 0) this.#cacheIdByChain = kept.cacheIdByChain;
  }

  /**
   * Runs scans until none is queued. Nothing awaits this loop but close() and whenIdle(), so
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
    try {
      publish('running', 0);
      const info = await this.inventory.snapshot.storageInfo();
      const { verdict, dataRoot, backend } = this.#select(info);
      const access =
        verdict.measurable && backend !== null
          ? await backend.probe(info.rootless)
          : { readable: false as const, reason: verdict.reason ?? 'Not measurable.' };
      this.#facts = {
        backend: verdict.backend,
        driver: info.driver,
        dataRoot,
        rootless: info.rootless,
        reason: access.readable ? null : access.reason,
        storage: backend,
      };
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
        this.#cacheIdByChain = new Map(metadata.layers.map((l) => [l.chainId, l.cacheId]));
      }
      this.#last = { scan, metadata };
      this.#kept = null;
      this.#keptDisk.keep(scan.device, this.#snapshot, this.#cacheIdByChain);
      this.#status = {
        ...this.#status,
        state: 'done',
        finishedAt: new Date().toISOString(),
        directoriesRead: this.#snapshot.directoriesRead,
      };
      publish('done', this.#snapshot.breakdown.diskBytes);
    } catch (error) {
      const facts = this.#facts;
      this.#failed(explainScanError(error, facts?.dataRoot ?? '', facts?.rootless ?? false));
      publish('failed', 0);
    } finally {
      this.#abort = null;
    }
  }
}
