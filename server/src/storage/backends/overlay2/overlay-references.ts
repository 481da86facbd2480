import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OverlayReferences } from '../../../domain/overlay-dirs.js';
import type { BulkReader } from '../../bulk-read/bulk-read.js';
import type { LayerRecord, MountRecord } from '../storage-backend.js';

export type { LayerRecord, MountRecord } from '../storage-backend.js';

/*
 * What references the directories of overlay2/: the engine's layer metadata (graph-driver image
 * store, image/overlay2/layerdb) and BuildKit's snapshot databases. Read-only, small files.
 */

/**
 * A record per directory listed in `dir`, in the listing's order: a known one (by its name) as
 * it was, the others made from their two files (`first`, `second`: trimmed, null when empty or
 * gone), all read in one batch. `make` returns null where no record is there (yet).
 */
async function readRecords<R>(
  reader: BulkReader,
  dir: string,
  known: ReadonlyMap<string, R>,
  [first, second]: [string, string],
  make: (name: string, first: string | null, second: string | null) => R | null,
): Promise<R[]> {
  const names = await listNames(dir);
  const unknown = names.filter((name) => !known.has(name));
  // Names from a listing, under a joined dir: nothing for path.join to normalize, and it made
  // 10,000 paths at start-up (4 MB of garbage, as much as the reads).
  const texts = await reader.readSmallFiles(
    unknown.flatMap((name) => [`${dir}/${name}/${first}`, `${dir}/${name}/${second}`]),
  );
  const trimmed = (text: string | null | undefined) => text?.trim() || null;
  const read = new Map<string, R | null>(
    unknown.map((name, index) => [
      name,
      make(name, trimmed(texts[2 * index]), trimmed(texts[2 * index + 1])),
    ]),
  );
  return names.flatMap((name) => known.get(name) ?? read.get(name) ?? []);
}

async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Every layer in layerdb/sha256/<chain-id>/ with its cache-id and diff. `known` records are
 * taken for chains still listed instead of reading their files again: a chain directory is
 * written once, and only an image's removal (which the caller is told of) takes one away.
 */
export async function readLayerRecords(
  reader: BulkReader,
  dataRoot: string,
  driver: string,
  known: readonly LayerRecord[] = [],
): Promise<LayerRecord[]> {
  const dir = join(dataRoot, 'image', driver, 'layerdb', 'sha256');
  const byHex = new Map(known.map((record) => [record.chainId.slice('sha256:'.length), record]));
  return readRecords(reader, dir, byHex, ['cache-id', 'diff'], (hex, cacheId, diffId) =>
    cacheId === null ? null : { chainId: `sha256:${hex}`, cacheId, diffId },
  );
}

/**
 * Every container's layers, from layerdb/mounts/<container-id>/{mount-id,init-id}. `known`
 * records are taken for containers still listed instead of reading their files again: both
 * are written when the container is created and stay as they are until it is removed.
 */
export async function readMountRecords(
  reader: BulkReader,
  dataRoot: string,
  driver: string,
  known: readonly MountRecord[] = [],
): Promise<MountRecord[]> {
  const dir = join(dataRoot, 'image', driver, 'layerdb', 'mounts');
  const byContainer = new Map(known.map((record) => [record.containerId, record]));
  return readRecords(
    reader,
    dir,
    byContainer,
    ['mount-id', 'init-id'],
    (containerId, mountId, initId) => (mountId === null ? null : { containerId, mountId, initId }),
  );
}

/** BuildKit's databases are bbolt files of a few MB; beyond this we do not read them whole. */
const maxDatabaseBytes = 512 << 20;

/**
 * What each database was found to mention, while it is the same file (inode, size and mtime):
 * a scan after each container event asked the same question of the same few MB (30 ms of it).
 */
const mentionsByDatabase = new Map<string, { identity: string; mentions: Map<string, boolean> }>();

/**
 * Which of the candidate directory names BuildKit's databases mention. BuildKit on the graph
 * driver (moby's builder-next) keeps its cache snapshots as overlay2/ directories that only
 * buildkit/snapshots.db and containerdmeta.db name. bbolt stores keys and values verbatim, so a
 * byte search finds every reference; a stale mention in a freed page errs on the safe side
 * (not an orphan). A database too large to read makes every candidate count as referenced.
 */
export async function findBuildKitReferences(
  dataRoot: string,
  candidates: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  if (candidates.length === 0) return found;
  const dir = join(dataRoot, 'buildkit');
  for (const name of await listNames(dir)) {
    if (!name.endsWith('.db')) continue;
    const path = join(dir, name);
    const handle = await open(path, 'r').catch(() => null);
    if (handle === null) continue;
    try {
      const stats = await handle.stat({ bigint: true });
      if (stats.size > maxDatabaseBytes) return new Set(candidates);
      const identity = `${stats.ino}:${stats.size}:${stats.mtimeNs}`;
      let known = mentionsByDatabase.get(path);
      if (known?.identity !== identity) {
        known = { identity, mentions: new Map() };
        mentionsByDatabase.set(path, known);
      }
      const { mentions } = known;
      const unknown = candidates.filter((candidate) => !mentions.has(candidate));
      if (unknown.length > 0) {
        const bytes = await handle.readFile();
        for (const candidate of unknown) {
          mentions.set(candidate, bytes.includes(candidate, 0, 'latin1'));
        }
      }
      for (const candidate of candidates)
        if (mentions.get(candidate) === true) found.add(candidate);
    } finally {
      await handle.close();
    }
  }
  return found;
}

export interface OverlayMetadata {
  layers: LayerRecord[];
  mounts: MountRecord[];
  references: OverlayReferences;
}

const cacheIds = new WeakMap<readonly LayerRecord[], Set<string>>();

/** The layers' directory names; kept per records array, which is the same until an image event. */
function cacheIdsOf(layers: readonly LayerRecord[]): Set<string> {
  let names = cacheIds.get(layers);
  if (names === undefined) {
    names = new Set(layers.map((layer) => layer.cacheId));
    cacheIds.set(layers, names);
  }
  return names;
}

/** Everything that names a directory of overlay2/, read in one go before a scan. */
export async function readOverlayMetadata(
  reader: BulkReader,
  dataRoot: string,
  driver: string,
  /**
   * What the last read found: `same`, no image event since (layerdb as it was); `added`, only
   * images added (read new chains only); null, read every chain.
   */
  previous: { layers: LayerRecord[]; change: 'same' | 'added' } | null = null,
  /** The container mounts the last read of this data root found (see readMountRecords). */
  knownMounts: readonly MountRecord[] = [],
): Promise<OverlayMetadata> {
  const [layers, mounts, dirs] = await Promise.all([
    previous?.change === 'same'
      ? previous.layers
      : readLayerRecords(reader, dataRoot, driver, previous?.layers),
    readMountRecords(reader, dataRoot, driver, knownMounts),
    listNames(join(dataRoot, driver)),
  ]);
  const imageLayers = cacheIdsOf(layers);
  const containerLayers = new Set(mounts.map((mount) => mount.mountId));
  const initLayers = new Set(mounts.flatMap((mount) => (mount.initId ? [mount.initId] : [])));
  const unreferenced = dirs.filter(
    (name) =>
      name !== 'l' && !imageLayers.has(name) && !containerLayers.has(name) && !initLayers.has(name),
  );
  const buildCache = await findBuildKitReferences(dataRoot, unreferenced);
  return { layers, mounts, references: { imageLayers, containerLayers, initLayers, buildCache } };
}
