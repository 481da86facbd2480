import type { BigIntStats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataRootPartKind } from '@footprint/shared';
import { displayPath } from '../domain/display-path.js';
import { classifyOverlayDir, type OverlayReferences } from '../domain/overlay-dirs.js';
import { type PoolProgress, runWalks } from './scan/scan-pool.js';
import { emptyWalkResult, type WalkRequest, type WalkResult } from './scan/walk-tree.js';
import type { CachedLayer, ScanCache } from './scan-cache.js';

/*
 * One scan of the data root: the same count as `du -x -s <data-root>`, cut into entries that
 * are each one `du -s`: every directory of overlay2/ (so each layer has its own figures and
 * image layers can come from the cache), every container's directory, and each other
 * top-level entry as a whole. The directories' own entries (the data root, overlay2/,
 * containers/) are counted on their own.
 */

export interface ScanEntry {
  kind: DataRootPartKind;
  /** The part's path relative to the data root, e.g. "overlay2/" or "containerd/". */
  partPath: string;
  /** The directory's own entry only; its children are entries of their own. */
  self: boolean;
  /** Its name in its parent directory (bytes), e.g. a cache ID or a container ID. */
  name: Buffer;
  path: Buffer;
  modifiedAt: string | null;
  /** Image layer directories only: the cache key and the inode that validates it. */
  cacheKey: string | null;
  ino: string;
  /** Taken from the layer cache. */
  cached: boolean;
  /** Taken from the previous scan: nothing that could change it happened since. */
  reused: boolean;
  result: WalkResult;
}

/** An entry as planned, before it is read or taken from elsewhere. */
export type PlannedEntry = Omit<ScanEntry, 'cached' | 'reused' | 'result'>;

export interface DataRootScan {
  dataRoot: string;
  device: string;
  rootSelf: WalkResult;
  entries: ScanEntry[];
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
  /** The storage driver; overlay2 is split into layer directories. */
  driver: string;
  references: OverlayReferences;
  cache: ScanCache;
  /** Ignore the cache: read every directory. */
  full: boolean;
  /**
   * The previous scan and which of its entries still hold: those are not read again when the
   * same directory (path and inode) is still there.
   */
  previous?: { scan: DataRootScan; holds(entry: PlannedEntry): boolean } | null;
  /**
   * Image layer directories (overlay2/<cache-id>, image/<driver>/layerdb/sha256/<chain>) by
   * path, as the previous scan listed them: taken without an lstat each (no image was removed
   * since, so each is still there as it was).
   */
  knownLayerDirs?: ReadonlyMap<string, Listed>;
  onProgress?(progress: ScanProgress): void;
  signal?: AbortSignal;
  workers?: number;
}

type Planned = PlannedEntry & { request: WalkRequest };

const knownParts: Record<string, DataRootPartKind> = {
  image: 'image-metadata',
  containers: 'containers',
  volumes: 'volumes',
  buildkit: 'buildkit',
  network: 'network',
  plugins: 'plugins',
  tmp: 'tmp',
  swarm: 'swarm',
};

function fromCache(layer: CachedLayer): WalkResult {
  return { ...emptyWalkResult(), ...layer, directoriesRead: 0 };
}

export interface Listed {
  name: Buffer;
  path: Buffer;
  isDirectory: boolean;
  modifiedAt: string;
  ino: string;
}

function listed(name: Buffer, path: Buffer, stats: BigIntStats): Listed {
  return {
    name,
    path,
    isDirectory: stats.isDirectory(),
    modifiedAt: new Date(Number(stats.mtimeMs)).toISOString(),
    ino: stats.ino.toString(),
  };
}

/**
 * A directory's entries with their lstat; mount points and vanished entries are counted.
 * Entries `known` names are taken as they were (image layer directories when no image event
 * came since: only an image event makes or removes one).
 */
async function list(
  dir: Buffer,
  device: bigint,
  counts: { mountsSkipped: number; vanished: number },
  known?: ReadonlyMap<string, Listed>,
): Promise<Listed[]> {
  const names = await readdir(dir, { encoding: 'buffer' });
  const entries: Listed[] = [];
  for (const name of names) {
    const path = Buffer.concat([dir, Buffer.from('/'), name]);
    const earlier = known?.get(path.toString('latin1'));
    if (earlier !== undefined) {
      entries.push(earlier);
      continue;
    }
    try {
      const stats = await lstat(path, { bigint: true });
      if (stats.dev !== device) counts.mountsSkipped++;
      else entries.push(listed(name, path, stats));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      counts.vanished++;
    }
  }
  return entries;
}

async function plan(
  options: ScanOptions,
  root: Buffer,
  device: bigint,
  counts: { mountsSkipped: number; vanished: number },
): Promise<Planned[]> {
  const planned: Planned[] = [];
  const add = (
    entry: Listed,
    kind: DataRootPartKind,
    partPath: string,
    extra: Partial<WalkRequest> = {},
    self = false,
    cacheKey: string | null = null,
  ) =>
    planned.push({
      kind,
      partPath,
      self,
      name: entry.name,
      path: entry.path,
      modifiedAt: entry.modifiedAt,
      cacheKey,
      ino: entry.ino,
      request: { root: entry.path, device, ...extra },
    });

  for (const top of await list(root, device, counts)) {
    const name = top.name.toString('latin1');
    const isDirectory = top.isDirectory;
    if (isDirectory && name === options.driver && options.driver === 'overlay2') {
      add(top, 'overlay2-metadata', 'overlay2/', { selfOnly: true }, true);
      for (const child of await list(top.path, device, counts, options.knownLayerDirs)) {
        const childName = child.name.toString('latin1');
        if (!child.isDirectory || childName === 'l') {
          // l/ holds a symlink per layer: counted as du counts it, never followed.
          add(child, 'overlay2-metadata', 'overlay2/');
          continue;
        }
        const kind = classifyOverlayDir(childName, options.references);
        const cacheKey = kind === 'image-layers' ? childName : null;
        add(child, kind, 'overlay2/', { shallow: ['work'] }, false, cacheKey);
      }
    } else if (isDirectory && name === 'image') {
      // image/<driver>/layerdb/mounts changes with every container made or removed; the rest
      // of image/ (thousands of layer records) only with images: separate entries, so a
      // container event reads again only mounts/.
      add(top, 'image-metadata', 'image/', { selfOnly: true }, true);
      for (const driverDir of await list(top.path, device, counts)) {
        if (!driverDir.isDirectory) {
          add(driverDir, 'image-metadata', 'image/');
          continue;
        }
        add(driverDir, 'image-metadata', 'image/', { selfOnly: true }, true);
        for (const child of await list(driverDir.path, device, counts)) {
          if (!child.isDirectory || child.name.toString('latin1') !== 'layerdb') {
            add(child, 'image-metadata', 'image/');
            continue;
          }
          add(child, 'image-metadata', 'image/', { selfOnly: true }, true);
          for (const record of await list(child.path, device, counts)) {
            if (!record.isDirectory || record.name.toString('latin1') !== 'sha256') {
              add(record, 'image-metadata', 'image/');
              continue;
            }
            // One directory per layer chain, written once like the layer itself: cached the
            // same way, so an image event reads only the new chains' records.
            add(record, 'image-metadata', 'image/', { selfOnly: true }, true);
            for (const chain of await list(record.path, device, counts, options.knownLayerDirs)) {
              const cacheKey = chain.isDirectory
                ? `layerdb/${chain.name.toString('latin1')}`
                : null;
              add(chain, 'image-metadata', 'image/', {}, false, cacheKey);
            }
          }
        }
      }
    } else if (isDirectory && name === 'containers') {
      add(top, 'containers', 'containers/', { selfOnly: true }, true);
      for (const child of await list(top.path, device, counts)) {
        add(child, 'containers', 'containers/', { perChild: true });
      }
    } else {
      const kind = knownParts[name] ?? 'other';
      const partPath = kind === 'other' ? displayPath(top.name) : name;
      add(top, kind, isDirectory ? `${partPath}/` : partPath);
    }
  }
  return planned;
}

export async function scanDataRoot(options: ScanOptions): Promise<DataRootScan> {
  const root = Buffer.from(options.dataRoot);
  const rootStats = await lstat(root, { bigint: true });
  const device = rootStats.dev;
  await options.cache.open(options.dataRoot, device.toString());
  const counts = { mountsSkipped: 0, vanished: 0 };
  const planned = await plan(options, root, device, counts);

  const previous = options.full ? null : (options.previous ?? null);
  const before = new Map(
    previous?.scan.entries.map((entry) => [entry.path.toString('latin1'), entry]) ?? [],
  );
  const entries: ScanEntry[] = [];
  const toWalk: { index: number; request: WalkRequest }[] = [];
  let partsCached = 0;
  for (const { request, ...entry } of planned) {
    const cachedLayer =
      entry.cacheKey !== null && !options.full
        ? options.cache.get(entry.cacheKey, entry.ino)
        : null;
    const earlier = cachedLayer === null ? before.get(entry.path.toString('latin1')) : undefined;
    const reused =
      earlier !== undefined &&
      earlier.ino === entry.ino &&
      earlier.result.warnings.length === 0 &&
      earlier.result.vanished === 0 &&
      previous?.holds(entry) === true;
    if (cachedLayer !== null || reused) partsCached++;
    else toWalk.push({ index: entries.length, request });
    entries.push({
      ...entry,
      cached: cachedLayer !== null,
      reused,
      result:
        cachedLayer !== null
          ? fromCache(cachedLayer)
          : reused
            ? { ...(earlier as ScanEntry).result, directoriesRead: 0 }
            : emptyWalkResult(),
    });
  }

  const progress: ScanProgress = {
    partsDone: partsCached,
    partsTotal: entries.length,
    partsCached,
    directoriesDone: 0,
    diskBytesDone: entries.reduce((total, entry) => total + entry.result.diskBytes, 0),
    directoriesRead: 0,
    diskBytes: 0,
  };
  options.onProgress?.({ ...progress });
  const results = await runWalks(
    toWalk.map((walk) => walk.request),
    {
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      onResult: (_index, result) => {
        progress.partsDone++;
        progress.directoriesDone += result.directoriesRead;
        progress.diskBytesDone += result.diskBytes;
        options.onProgress?.({ ...progress });
      },
      onProgress: (running) => options.onProgress?.({ ...progress, ...running }),
    },
  );
  toWalk.forEach((walk, i) => {
    (entries[walk.index] as ScanEntry).result = results[i] as WalkResult;
  });

  // Only clean results are kept: a layer read while it vanished or with errors is read again.
  const layers = new Map<string, CachedLayer>();
  for (const entry of entries) {
    const { result } = entry;
    if (entry.cacheKey === null || result.warnings.length > 0 || result.vanished > 0) continue;
    if (result.rootMissing) continue;
    layers.set(entry.cacheKey, {
      ino: entry.ino,
      diskBytes: result.diskBytes,
      apparentBytes: result.apparentBytes,
      files: result.files,
      linkedInodes: result.linkedInodes,
    });
  }
  await options.cache.replace(layers);

  const rootSelf: WalkResult = emptyWalkResult();
  rootSelf.diskBytes = Number(rootStats.blocks) * 512;
  rootSelf.apparentBytes = Number(rootStats.size);
  return {
    dataRoot: options.dataRoot,
    device: device.toString(),
    rootSelf,
    entries,
    ...counts,
  };
}

/** The directory of an overlay2 layer as this process sees it. */
export function layerDirectory(dataRoot: string, cacheId: string): string {
  return join(dataRoot, 'overlay2', cacheId);
}

/** The layer directories a scan listed (those it caches), for the next one's knownLayerDirs. */
export function layerDirsOf(scan: DataRootScan): Map<string, Listed> {
  const dirs = new Map<string, Listed>();
  for (const entry of scan.entries) {
    if (entry.cacheKey === null || entry.modifiedAt === null) continue;
    dirs.set(entry.path.toString('latin1'), {
      name: entry.name,
      path: entry.path,
      isDirectory: true,
      modifiedAt: entry.modifiedAt,
      ino: entry.ino,
    });
  }
  return dirs;
}
