import { readdir } from 'node:fs/promises';
import type { DataRootPartKind } from '@footprint/shared';
import { displayPath } from '../domain/display-path.js';
import type { BulkReader } from './bulk-read/bulk-read.js';
import type { DataRootLayout, ListedEntry, PlanSteps } from './backends/storage-backend.js';
import type { PlannedEntry, ScanEntry } from './data-root-scan.js';
import type { WalkRequest } from './scan/walk-tree.js';

/*
 * The first half of a scan (data-root-scan.ts): the data root listed and cut into entries, each
 * one `du -s` to read, in du's order. overlay2/'s directories are planned as orphans and labelled
 * by the scan once the layer metadata is read.
 */

export type Planned = PlannedEntry & { request: WalkRequest };

export interface PlanOptions {
  /** How the backend cuts its data root. */
  layout: DataRootLayout;
  /** Entries of the previous scan taken as they are (see ScanOptions.kept). */
  kept?: ReadonlyMap<string, ScanEntry> | undefined;
  /** The app's bulk reader: the lstats of a large directory go to its thread. */
  reader: BulkReader;
}

type Listed = ListedEntry;

/**
 * A directory's entries with their lstat; mount points and vanished entries are counted.
 * Entries `kept` has are taken as they were (image layer directories and layer records when
 * no image was removed since: only an image removal takes one away).
 */
async function listWithKept(
  reader: BulkReader,
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
  const facts = await reader.lstatEntries(keys);
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
              // Inode and modification time: a layer directory made again under the same name,
              // or given or losing an entry (Podman adds and removes work/ and merged/ beside
              // diff/ in an image layer's directory), is measured again, not taken from the cache.
              ino: `${stats.ino}@${stats.mtimeMs}`,
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
  reader: BulkReader,
  dir: { key: string; path: Buffer },
  device: bigint,
  counts: { mountsSkipped: number; vanished: number },
): Promise<Listed[]> {
  return listWithKept(reader, dir, device, counts, undefined) as Promise<Listed[]>;
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
  const { layout } = options;
  /** The layer root's directories, to classify. */
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
    const steps: PlanSteps = {
      list: (dir, keep = false) =>
        listWithKept(options.reader, dir, device, counts, keep ? options.kept : undefined),
      add: (entry, kind, partPath, { request = {}, self = false, cacheKey = null } = {}) => {
        planned.push(planOf(entry, kind, partPath, request, self, cacheKey));
      },
      addLayerDir: (entry, request = {}) => {
        // Classified once the layer metadata is read (see scanDataRoot).
        const item = planOf(entry, 'orphan-layers', layout.layerPart, request);
        planned.push(item);
        if (!isKept(item)) layerDirs.push(item);
      },
    };
    if (await layout.planTop(top, steps)) return planned;
    const name = top.name.toString('latin1');
    const kind = layout.parts[name] ?? 'other';
    const partPath = kind === 'other' ? displayPath(top.name) : name;
    steps.add(top, kind, top.isDirectory ? `${partPath}/` : partPath);
    return planned;
  };

  // The parts are listed at once (image/ alone is four directories deep), then joined in order.
  const parts = await Promise.all((await list(options.reader, root, device, counts)).map(planTop));
  return { planned: parts.flat(), layerDirs };
}
