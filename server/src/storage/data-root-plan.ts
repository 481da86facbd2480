import { readdir } from 'node:fs/promises';
import type { DataRootPartKind } from '@footprint/shared';
import { displayPath } from '../domain/display-path.js';
import { lstatEntries } from './bulk-read/bulk-read.js';
import type { PlannedEntry, ScanEntry } from './data-root-scan.js';
import type { WalkRequest } from './scan/walk-tree.js';

/*
 * The first half of a scan (data-root-scan.ts): the data root listed and cut into entries, each
 * one `du -s` to read, in du's order. overlay2/'s directories are planned as orphans and labelled
 * by the scan once the layer metadata is read.
 */

export type Planned = PlannedEntry & { request: WalkRequest };

export interface PlanOptions {
  /** The storage driver; overlay2 is split into layer directories. */
  driver: string;
  /** Entries of the previous scan taken as they are (see ScanOptions.kept). */
  kept?: ReadonlyMap<string, ScanEntry> | undefined;
}

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

interface Listed {
  key: string;
  name: Buffer;
  path: Buffer;
  isDirectory: boolean;
  modifiedAt: string;
  ino: string;
}

/**
 * A directory's entries with their lstat; mount points and vanished entries are counted.
 * Entries `kept` has are taken as they were (image layer directories and layer records when
 * no image was removed since: only an image removal takes one away).
 */
async function listWithKept(
  dir: { key: string; path: Buffer },
  device: bigint,
  counts: { mountsSkipped: number; vanished: number },
  kept: ReadonlyMap<string, ScanEntry> | undefined,
): Promise<(Listed | ScanEntry)[]> {
  // Names as latin1 strings: one per byte, so the bytes come back intact, and a string costs
  // less than a Buffer for the thousands of names that are looked up and not read.
  const names = await readdir(dir.path, { encoding: 'latin1' });
  // The kept ones taken as they are (5,000 layer directories on a refresh); the others
  // lstat'ed in one batch off the event loop (bulk-read.ts), in the listing's order.
  const keptHere = kept !== undefined ? keptIn(kept, dir.key) : undefined;
  const items: (Listed | ScanEntry | 'mount' | 'vanished' | null)[] = [];
  const unknown: number[] = [];
  for (const name of names) {
    const earlier = keptHere?.get(name);
    if (earlier === undefined) unknown.push(items.length);
    items.push(earlier ?? null);
  }
  const keys = unknown.map((index) => `${dir.key}/${names[index] as string}`);
  const facts = await lstatEntries(keys);
  unknown.forEach((index, at) => {
    const stats = facts[at];
    const key = keys[at] as string;
    items[index] =
      stats === null || stats === undefined
        ? 'vanished'
        : stats.dev !== device
          ? 'mount'
          : {
              key,
              name: Buffer.from(names[index] as string, 'latin1'),
              path: Buffer.from(key, 'latin1'),
              isDirectory: stats.isDirectory,
              modifiedAt: new Date(stats.mtimeMs).toISOString(),
              ino: stats.ino.toString(),
            };
  });
  const entries: (Listed | ScanEntry)[] = [];
  for (const item of items) {
    if (item === 'mount') counts.mountsSkipped++;
    else if (item === 'vanished') counts.vanished++;
    else if (item !== null) entries.push(item);
  }
  return entries;
}

/**
 * The kept entries of one directory by name. A refresh after container events reuses the same
 * kept map scan after scan: looking 10,000 names up by their full path made a string of each.
 */
function keptIn(kept: ReadonlyMap<string, ScanEntry>, dirKey: string): Map<string, ScanEntry> {
  let byDir = keptByDir.get(kept);
  if (byDir === undefined) {
    byDir = new Map();
    for (const [key, entry] of kept) {
      const slash = key.lastIndexOf('/');
      const parent = key.slice(0, slash);
      let names = byDir.get(parent);
      if (names === undefined) byDir.set(parent, (names = new Map()));
      names.set(key.slice(slash + 1), entry);
    }
    keptByDir.set(kept, byDir);
  }
  return byDir.get(dirKey) ?? new Map();
}

const keptByDir = new WeakMap<
  ReadonlyMap<string, ScanEntry>,
  Map<string, Map<string, ScanEntry>>
>();

function list(
  dir: { key: string; path: Buffer },
  device: bigint,
  counts: { mountsSkipped: number; vanished: number },
): Promise<Listed[]> {
  return listWithKept(dir, device, counts, undefined) as Promise<Listed[]>;
}

/** An entry taken as it is from the previous scan. */
export function isKept(item: Listed | Planned | ScanEntry): item is ScanEntry {
  return 'result' in item;
}

export async function planDataRoot(
  options: PlanOptions,
  root: { key: string; path: Buffer },
  device: bigint,
  counts: { mountsSkipped: number; vanished: number },
): Promise<{ planned: (Planned | ScanEntry)[]; layerDirs: Planned[] }> {
  /** overlay2/'s directories, to classify. */
  const layerDirs: Planned[] = [];
  const planOf = (
    entry: Listed | ScanEntry,
    kind: DataRootPartKind,
    partPath: string,
    extra: Partial<WalkRequest> = {},
    self = false,
    cacheKey: string | null = null,
  ): Planned | ScanEntry =>
    isKept(entry)
      ? entry
      : {
          kind,
          partPath,
          self,
          key: entry.key,
          name: entry.name,
          path: entry.path,
          modifiedAt: entry.modifiedAt,
          cacheKey,
          ino: entry.ino,
          request: { root: entry.path, device, ...extra },
        };

  /** One top-level entry's part of the plan, in du's order within it. */
  const planTop = async (top: Listed): Promise<(Planned | ScanEntry)[]> => {
    const planned: (Planned | ScanEntry)[] = [];
    const add = (...args: Parameters<typeof planOf>) => {
      const item = planOf(...args);
      planned.push(item);
      return item;
    };
    const name = top.name.toString('latin1');
    const isDirectory = top.isDirectory;
    if (isDirectory && name === options.driver && options.driver === 'overlay2') {
      add(top, 'overlay2-metadata', 'overlay2/', { selfOnly: true }, true);
      for (const child of await listWithKept(top, device, counts, options.kept)) {
        if (isKept(child)) {
          add(child, child.kind, child.partPath);
          continue;
        }
        const childName = child.name.toString('latin1');
        if (!child.isDirectory || childName === 'l') {
          // l/ holds a symlink per layer: counted as du counts it, never followed.
          add(child, 'overlay2-metadata', 'overlay2/');
          continue;
        }
        // Classified once the layer metadata is read (see scanDataRoot).
        layerDirs.push(add(child, 'orphan-layers', 'overlay2/', { shallow: ['work'] }) as Planned);
      }
    } else if (isDirectory && name === 'image') {
      // image/<driver>/layerdb/mounts changes with every container made or removed; the rest
      // of image/ (thousands of layer records) only with images: separate entries, so a
      // container event reads again only mounts/.
      add(top, 'image-metadata', 'image/', { selfOnly: true }, true);
      for (const driverDir of await list(top, device, counts)) {
        if (!driverDir.isDirectory) {
          add(driverDir, 'image-metadata', 'image/');
          continue;
        }
        add(driverDir, 'image-metadata', 'image/', { selfOnly: true }, true);
        for (const child of await list(driverDir, device, counts)) {
          if (!child.isDirectory || child.name.toString('latin1') !== 'layerdb') {
            add(child, 'image-metadata', 'image/');
            continue;
          }
          add(child, 'image-metadata', 'image/', { selfOnly: true }, true);
          for (const record of await list(child, device, counts)) {
            if (!record.isDirectory || record.name.toString('latin1') !== 'sha256') {
              add(record, 'image-metadata', 'image/');
              continue;
            }
            // One directory per layer chain, written once like the layer itself: cached the
            // same way, so an image event reads only the new chains' records.
            add(record, 'image-metadata', 'image/', { selfOnly: true }, true);
            for (const chain of await listWithKept(record, device, counts, options.kept)) {
              const cacheKey =
                !isKept(chain) && chain.isDirectory
                  ? `layerdb/${chain.name.toString('latin1')}`
                  : null;
              add(chain, 'image-metadata', 'image/', {}, false, cacheKey);
            }
          }
        }
      }
    } else if (isDirectory && name === 'containers') {
      add(top, 'containers', 'containers/', { selfOnly: true }, true);
      for (const child of await list(top, device, counts)) {
        add(child, 'containers', 'containers/', { perChild: true });
      }
    } else {
      const kind = knownParts[name] ?? 'other';
      const partPath = kind === 'other' ? displayPath(top.name) : name;
      add(top, kind, isDirectory ? `${partPath}/` : partPath);
    }
    return planned;
  };

  // The parts are listed at once (image/ alone is four directories deep), then joined in order.
  const parts = await Promise.all((await list(root, device, counts)).map(planTop));
  return { planned: parts.flat(), layerDirs };
}
