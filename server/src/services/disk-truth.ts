import type {
  ContainerList,
  DiskMeasurement,
  DiskUsage,
  LayerDisk,
  ScanStatus,
} from '@footprint/shared';
import type { StorageWorkers } from '../storage/storage-workers.js';
import { toContainerDisk } from '../domain/containers.js';
import { type EngineChange, everythingMutable, type ScanScope } from '../domain/scan-scope.js';
import type { StorageInfo } from '../engine/engine.js';
import {
  type BackendSelection,
  type DataRootBackend,
  selectBackend,
} from '../storage/backends/storage-backend.js';
import type { KeptMeasurement, MeasuredFigures } from '../storage/kept-measurement.js';
import { type DiskSnapshot, type ScanReport, scanReport } from './disk-snapshot.js';
import type { EventBus } from './event-bus.js';
import {
  type LayerDisks,
  layerDisksOf,
  measurementOf,
  type StorageFacts,
} from './disk-measurement.js';

export type { LayerDisks } from './disk-measurement.js';
import { KeptDisk } from './kept-disk.js';
import { DiskScans } from './disk-scans.js';
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
  /** The app's worker threads, shared with its other engines (workers/worker-pools.ts). */
  pools: StorageWorkers;
}

/** With a kept measurement, how long after the first request for figures the first scan starts. */
const firstScanDelayMs = 1000;
/** How old the progress in a kept answer may be while a scan runs (see diskUsage). */
const runningAnswerMs = 100;

/**
 * Disk truth: the data root measured as `du` measures it, kept beside the engine's figures.
 * Scans run in the background, one at a time; every answer is immediate and says how fresh it
 * is. The first request that needs disk figures starts the first scan.
 */
export class DiskTruth {
  readonly #scans: DiskScans;
  /** The measurement kept from before this start, answered with until the first scan is done. */
  #kept: KeptMeasurement | null = null;
  readonly #keptDisk: KeptDisk;
  #facts: StorageFacts | null = null;
  #answer: { key: unknown[]; answer: DiskUsage; madeAt: number } | null = null;
  /** When an engine event's scan starts (see noteChange). */
  readonly #trigger = new ScanTrigger((scope) => this.refresh(scope));
  /** With a kept measurement: the first scan, to start after the first answer (see #measure). */
  #firstScan: NodeJS.Timeout | null = null;
  #layerDisks: {
    snapshot: MeasuredFigures | null;
    reason: string;
    backend: DataRootBackend | null;
    lookup: LayerDisks;
  } | null = null;

  constructor(
    readonly inventory: Inventory,
    readonly bus: EventBus,
    readonly options: DiskTruthOptions,
  ) {
    this.#keptDisk = new KeptDisk(options.stateDir);
    const storage = {
      select: async () => {
        const info = await this.inventory.snapshot.storageInfo();
        return { info, selection: this.#select(info) };
      },
      found: (facts: StorageFacts) => void (this.#facts = facts),
    };
    this.#scans = new DiskScans(bus, storage, this.#keptDisk, options);
  }

  get #status(): ScanStatus {
    return this.#scans.status;
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
    if (this.hasScanned && !this.#scans.closed) this.#trigger.note(change);
  }

  /** Starts a scan (full: read every directory again, cache ignored) unless one is queued. */
  requestScan({
    full,
    scope = everythingMutable,
  }: {
    full: boolean;
    scope?: ScanScope;
  }): ScanStatus {
    return this.#scans.request({ full, scope });
  }

  /** Resolves when no scan is running, queued or waiting for more events (tests, the bench). */
  async whenIdle(): Promise<void> {
    this.#startFirstScan();
    this.#trigger.flush();
    await this.#scans.whenDone();
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
    const { last, snapshot, cacheIdByChain: byChain } = this.#scans;
    const backend = this.#facts?.storage ?? null;
    if (!measurement.measured || last === null || snapshot === null || backend === null) {
      return { reason: measurement.reason ?? 'The data root is not measured.' };
    }
    return {
      last,
      backend,
      driver: measurement.driver ?? '',
      measuredAt: snapshot.measuredAt,
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
    const snapshot = this.#scans.snapshot as DiskSnapshot;
    return { diskBytes: snapshot.breakdown.diskBytes, measuredAt: snapshot.measuredAt };
  }

  /** What the last complete scan read and took from the cache. */
  lastScanReport(): ScanReport | null {
    const snapshot = this.#scans.snapshot;
    return snapshot !== null ? scanReport(snapshot) : null;
  }

  async close(): Promise<void> {
    if (this.#firstScan !== null) clearTimeout(this.#firstScan);
    this.#trigger.cancel();
    await this.#scans.close();
  }

  /** GET /api/disk: the engine's rows and the disk's truth beside them. */
  async diskUsage(): Promise<DiskUsage> {
    const knowing = this.#storageFacts();
    // The first scan starts before the engine's figures are awaited: at 2,000 images listing
    // the images takes a second or two, and the scan is the longer of the two.
    if (!this.hasScanned) void knowing.then((facts) => this.#measure(facts)).catch(() => {});
    // Before the engine answered once in this run: its rows kept from before (labelled so).
    const keptEngine = this.inventory.options.kept;
    const [usage, facts] = await Promise.all([
      keptEngine === undefined
        ? this.inventory.diskUsage()
        : keptEngine.answer('disk', () => this.inventory.diskUsage()).then(labelKeptRows),
      knowing,
    ]);
    // The same answer object while nothing it is made of changed: the route serializes it
    // once. Pages, and a benchmark's load, ask far more often than anything changes. A running
    // scan changes its status in place: its progress is at most runningAnswerMs old (a page
    // that polls during a refresh made the server build and serialize the whole answer again
    // for each poll, a third of a container scan's time).
    const key = [usage, facts, this.#figures, this.#status];
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
    };
    // Measuring may have started the first scan, which replaced the status.
    this.#answer = {
      key: [usage, facts, this.#figures, this.#status],
      answer,
      madeAt: Date.now(),
    };
    return answer;
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
    const snapshot = this.#scans.snapshot;
    // Once a scan is done, the kept measurement is not needed again.
    if (snapshot !== null) this.#kept = null;
    return snapshot ?? this.#kept;
  }

  #measure(facts: StorageFacts): DiskMeasurement {
    if (this.#status.state === 'never' && facts.reason === null) {
      // With a kept measurement the first answers need no scan: it starts a second after the
      // first request that needed figures (whenIdle and prune previews start it at once), once
      // the first screen's answers are out. Started with the first disk answer, its main-thread
      // work and garbage came in the middle of them: at 2,000 images the first screen's eight
      // answers took 0.9 s of the server's main thread after a warm restart, 0.55 s without.
      if (this.#kept === null) this.refresh();
      else this.#firstScan ??= setTimeout(() => this.#startFirstScan(), firstScanDelayMs).unref();
    }
    const figures = this.#figures;
    return measurementOf(facts, figures, figures !== this.#scans.snapshot, this.#status);
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
    const selection = selectBackend(info, this.options.dataRoot, this.options.pools);
    const reason = this.options.unreadableReason ?? null;
    if (reason === null) return selection;
    // No backend either: its paths name directories on the other host, never to be read here.
    return {
      ...selection,
      backend: null,
      verdict: { ...selection.verdict, measurable: false, reason },
    };
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
    if (this.#status.state === 'never' && !this.#scans.closed) this.refresh();
  }

  /** Before the first scan is done: the measurement kept from before this start, if any. */
  async #readKept(dataRoot: string): Promise<void> {
    if (this.#scans.snapshot !== null) return;
    const kept = await this.#keptDisk.read(dataRoot);
    if (kept === null || this.#scans.snapshot !== null || this.#kept === kept) return;
    this.#kept = kept;
    if (this.#scans.cacheIdByChain.size === 0) this.#scans.cacheIdByChain = kept.cacheIdByChain;
  }
}
