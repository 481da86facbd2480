import { handledLater } from '../handled-later.js';
import { lstat } from 'node:fs/promises';
import type { DataRootPartKind } from '@footprint/shared';
import type { Figures, MeasuredEntry } from '../domain/data-root-breakdown.js';
import { displayPath } from '../domain/display-path.js';
import { classifyOverlayDir } from '../domain/overlay-dirs.js';
import { layoutOf } from './backends/known-backends.js';
import type { DataRootLayout, LayerReferences } from './backends/storage-backend.js';
import { isKept, type Planned, planDataRoot } from './data-root-plan.js';
import type { PoolProgress } from './scan/scan-pool.js';
import type { StorageWorkers } from './storage-workers.js';
import { emptyWalkResult, type WalkResult } from './scan/walk-tree.js';
import type { CachedLayer, ScanCache } from './scan-cache.js';

/*
 * One scan of the data root: the same count as `du -x -s <data-root>`, cut into entries that
 * are each one `du -s`: every directory of the layer root, overlay2/ (so each layer has its own
 * figures and image layers can come from the cache), every container's directory, and each other
 * top-level entry as a whole. The directories' own entries (the data root, overlay2/,
 * containers/) are counted on their own. The backend's layout says how (backends/).
 */

/** An entry as planned, before it is read or taken from elsewhere. */
export interface PlannedEntry {
  kind: DataRootPartKind;
  /** The part's path relative to the data root, e.g. "overlay2/" or "containerd/". */
  partPath: string;
  /** The directory's own entry only; its children are entries of their own. */
  self: boolean;
  /** The path's bytes as a latin1 string: the entry's identity from one scan to the next. */
  key: string;
  /** Its name in its parent directory (bytes), e.g. a cache ID or a container ID. */
  name: Buffer;
  path: Buffer;
  modifiedAt: string | null;
  /** Image layer directories only: the cache key and the inode that validates it. */
  cacheKey: string | null;
  ino: string;
}

/**
 * One measured entry. Immutable: a layer directory's entry is the same object from one scan to
 * the next (a refresh after a container event allocates nothing for 10,000 unchanged entries).
 */
export interface ScanEntry extends PlannedEntry, MeasuredEntry {
  /** The name as shown (domain/display-path.ts); for overlay2/ the cache ID. */
  displayName: string;
  result: WalkResult;
}

/** How a scan came by an entry's figures. */
export type EntryOrigin =
  /** Read by this scan. */
  | 'walked'
  /** An image layer directory or layer record: from the layer cache or the previous scan. */
  | 'cached'
  /** Taken from the previous scan: nothing that could change it happened since. */
  | 'reused';

export interface DataRootScan {
  dataRoot: string;
  device: string;
  rootSelf: WalkResult;
  entries: ScanEntry[];
  /** Per entry, in the same order. */
  origins: EntryOrigin[];
  /** Image layer directories and layer records read without errors, by key: see `kept`. */
  layers: ReadonlyMap<string, ScanEntry>;
  /** Mount points at the top of the data root or of overlay2/ and containers/, not entered. */
  mountsSkipped: number;
  /** Top-level entries that vanished between listing and lstat. */
  vanished: number;
}

export interface ScanProgress extends PoolProgress {
  partsDone: number;
  partsTotal: number;
  partsCached: number;
  /** Directories read by the finished entries. */
  directoriesDone: number;
  diskBytesDone: number;
}

export interface ScanOptions {
  dataRoot: string;
  /** The storage driver; its backend's layout cuts the data root unless `layout` is given. */
  driver: string;
  layout?: DataRootLayout;
  /** Which layer directories are image, container or build cache layers; awaited once the
   * data root is listed. */
  references: Promise<LayerReferences>;
  cache: ScanCache;
  /** Ignore the cache: read every directory. */
  full: boolean;
  /**
   * The previous scan and which of its entries still hold: those are not read again when the
   * same directory (path and inode) is still there.
   */
  previous?: Promise<{ scan: DataRootScan; holds(entry: PlannedEntry): boolean }> | null;
  /**
   * Image layer directories and layer records of the previous scan (its `layers`), taken as
   * they are without an lstat each: no image was removed since, so each is still there as it
   * was.
   */
  kept?: ReadonlyMap<string, ScanEntry>;
  onProgress?(progress: ScanProgress): void;
  signal?: AbortSignal;
  workers?: number;
  /** The app's worker threads: the walks and the plan's lstats run in them. */
  pools: StorageWorkers;
}

function fromCache(layer: CachedLayer): WalkResult {
  return { ...emptyWalkResult(), ...layer, directoriesRead: 0 };
}

function toEntry(planned: PlannedEntry, result: WalkResult): ScanEntry {
  const figures: Figures = {
    diskBytes: result.diskBytes,
    apparentBytes: result.apparentBytes,
    files: result.files,
  };
  return {
    kind: planned.kind,
    partPath: planned.partPath,
    self: planned.self,
    key: planned.key,
    name: planned.name,
    path: planned.path,
    modifiedAt: planned.modifiedAt,
    cacheKey: planned.cacheKey,
    ino: planned.ino,
    displayName: displayPath(planned.name),
    figures,
    linkedInodes: result.linkedInodes,
    result,
  };
}

function isClean(result: WalkResult): boolean {
  return result.warnings.length === 0 && result.vanished === 0 && !result.rootMissing;
}

export async function scanDataRoot(options: ScanOptions): Promise<DataRootScan> {
  const root = Buffer.from(options.dataRoot);
  const rootStats = await lstat(root, { bigint: true });
  const device = rootStats.dev;
  await options.cache.open(options.dataRoot, device.toString());
  const counts = { mountsSkipped: 0, vanished: 0 };
  const { planned, layerDirs } = await planDataRoot(
    {
      layout: options.layout ?? layoutOf(options.driver),
      kept: options.kept,
      reader: options.pools.bulkRead,
    },
    { key: root.toString('latin1'), path: root },
    device,
    counts,
  );
  const entries: (ScanEntry | null)[] = [];
  const origins: EntryOrigin[] = [];
  const toWalk: { index: number; planned: Planned }[] = [];
  const walk = (item: Planned) => {
    toWalk.push({ index: entries.length, planned: item });
    entries.push(null);
    origins.push('walked');
  };
  // With nothing to take from elsewhere (the first scan, a full one) every entry is read:
  // the walk starts at once, and the layer metadata is awaited only to label what was read.
  const readAll =
    !options.kept && (options.full || (!options.previous && options.cache.size === 0));
  if (readAll) for (const item of planned) walk(item as Planned);
  // Each result becomes its entry as it comes, while the rest are walked; those that come
  // before the layer directories are classified wait for it.
  let classified = false;
  const early: [number, WalkResult][] = [];
  const settle = (i: number, result: WalkResult) => {
    if (!classified) return void early.push([i, result]);
    const { index, planned } = toWalk[i] as (typeof toWalk)[number];
    entries[index] = toEntry(planned, result);
  };
  // Awaited below, after the layer metadata.
  const walking = readAll ? handledLater(startWalks(toWalk, entries, settle, options)) : null;

  const references = await options.references;
  for (const dir of layerDirs) {
    const name = dir.name.toString('latin1');
    dir.kind = classifyOverlayDir(name, references);
    // A layer still being written is read again by every scan until it is finished: kept, its
    // figures would stay those of a half-applied diff for as long as the layer lives.
    dir.cacheKey =
      dir.kind === 'image-layers' && references.unfinishedLayers?.has(name) !== true ? name : null;
  }
  classified = true;
  for (const [i, result] of early.splice(0)) settle(i, result);
  const previous = readAll ? null : ((await options.previous) ?? null);
  let keptCount = 0;
  for (const item of readAll ? [] : planned) {
    if (isKept(item)) {
      entries.push(item);
      origins.push('cached');
      keptCount++;
      continue;
    }
    const cachedLayer = item.cacheKey !== null ? options.cache.get(item.cacheKey, item.ino) : null;
    if (cachedLayer !== null) {
      entries.push(toEntry(item, fromCache(cachedLayer)));
      origins.push('cached');
      continue;
    }
    const earlier = previous !== null ? previousEntry(previous.scan, item.key) : null;
    if (
      earlier !== null &&
      earlier.ino === item.ino &&
      isClean(earlier.result) &&
      previous?.holds(item) === true
    ) {
      entries.push(toEntry(item, earlier.result));
      origins.push('reused');
      continue;
    }
    walk(item);
  }
  await (walking ?? startWalks(toWalk, entries, settle, options));
  const measured = entries as ScanEntry[];

  // Only clean results are kept: a layer read while it vanished or with errors is read again.
  const layers = keptAsIs(options.kept, keptCount, measured) ?? cleanLayers(measured);
  if (layers !== options.kept) options.cache.keep(layers.values());

  const rootSelf: WalkResult = emptyWalkResult();
  rootSelf.diskBytes = Number(rootStats.blocks) * 512;
  rootSelf.apparentBytes = Number(rootStats.size);
  return {
    dataRoot: options.dataRoot,
    device: device.toString(),
    rootSelf,
    entries: measured,
    origins,
    layers,
    ...counts,
  };
}

function isLayer(entry: ScanEntry): boolean {
  return entry.cacheKey !== null && isClean(entry.result);
}

function cleanLayers(entries: readonly ScanEntry[]): Map<string, ScanEntry> {
  const layers = new Map<string, ScanEntry>();
  for (const entry of entries) if (isLayer(entry)) layers.set(entry.key, entry);
  return layers;
}

/**
 * `kept` itself when the scan took every one of its entries and found no other layer: a
 * refresh after container events, mostly. Its map stays the same object (the next scan reuses
 * what it derived from it, data-root-plan.ts) and the layer cache, which it filled, as it is.
 */
function keptAsIs(
  kept: ReadonlyMap<string, ScanEntry> | undefined,
  keptCount: number,
  entries: readonly ScanEntry[],
): ReadonlyMap<string, ScanEntry> | null {
  if (kept === undefined || keptCount !== kept.size) return null;
  let layers = 0;
  for (const entry of entries) if (isLayer(entry)) layers++;
  return layers === keptCount ? kept : null;
}

/**
 * Walks the entries to read in the pool, handing each result to `settle` (by its index in
 * `toWalk`) as it comes; progress counts the other entries as done.
 */
function startWalks(
  toWalk: readonly { planned: Planned }[],
  entries: readonly (ScanEntry | null)[],
  settle: (index: number, result: WalkResult) => void,
  options: ScanOptions,
): Promise<WalkResult[]> {
  const progress: ScanProgress = {
    partsDone: entries.length - toWalk.length,
    partsTotal: entries.length,
    partsCached: entries.length - toWalk.length,
    directoriesDone: 0,
    diskBytesDone: entries.reduce((total, entry) => total + (entry?.result.diskBytes ?? 0), 0),
    directoriesRead: 0,
    diskBytes: 0,
  };
  options.onProgress?.({ ...progress });
  return options.pools.scan.runWalks(
    toWalk.map((walk) => walk.planned.request),
    {
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      onResult: (index, result) => {
        settle(index, result);
        progress.partsDone++;
        progress.directoriesDone += result.directoriesRead;
        progress.diskBytesDone += result.diskBytes;
        options.onProgress?.({ ...progress });
      },
      onProgress: (running) => options.onProgress?.({ ...progress, ...running }),
    },
  );
}

/**
 * The previous scan's entry at this path, found through its index of keys. Its clean layers
 * are left out of the index (half its 10,000 entries): one the layer cache does not have is
 * one whose inode changed, which its previous figures do not hold for either.
 */
function previousEntry(scan: DataRootScan, key: string): ScanEntry | null {
  let index = byKey.get(scan);
  if (index === undefined) {
    index = new Map();
    for (const entry of scan.entries) if (!isLayer(entry)) index.set(entry.key, entry);
    byKey.set(scan, index);
  }
  return index.get(key) ?? null;
}

const byKey = new WeakMap<DataRootScan, Map<string, ScanEntry>>();
