import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { ScanPool } from '../../scan/scan-pool.js';
import {
  mapStorage,
  orphanLayerDirectories,
  parseContainers,
  parseImages,
  parseLayers,
  type StorageContainer,
  type StorageImage,
  type StorageLayer,
  type StorageMap,
} from './storage-records.js';

/*
 * Reads a containers/storage graphroot as it is on disk (read-only; the files are small JSON
 * lists): the records of storage-records.ts, the directories of the layer root, and each layer
 * directory measured as `du -B1 -s` and `du -b -s` in the scan's worker threads.
 */

/** Where the graphroot is, from the storage.conf containers/storage reads, else its default. */
export interface StorageLocation {
  graphRoot: string;
  /** The driver named in storage.conf ("overlay"); null when it names none. */
  driver: string | null;
  /** The file it came from; null for the built-in default. */
  configFile: string | null;
}

/**
 * containers/storage's storage.conf for this user: $CONTAINERS_STORAGE_CONF, else for root
 * /etc/containers/storage.conf then /usr/share/containers/storage.conf, for others
 * $XDG_CONFIG_HOME/containers/storage.conf (else ~/.config/...). Defaults without a file:
 * /var/lib/containers/storage for root, $XDG_DATA_HOME/containers/storage (else
 * ~/.local/share/containers/storage) for a rootless user; a rootless user's
 * rootless_storage_path, where set, wins over the default.
 */
export async function findStorageLocation(
  env: NodeJS.ProcessEnv = process.env,
  rootless: boolean = process.getuid?.() !== 0,
): Promise<StorageLocation> {
  const home = env.HOME || homedir();
  const candidates = env.CONTAINERS_STORAGE_CONF
    ? [env.CONTAINERS_STORAGE_CONF]
    : rootless
      ? [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'containers', 'storage.conf')]
      : ['/etc/containers/storage.conf', '/usr/share/containers/storage.conf'];
  const fallback = rootless
    ? join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'containers', 'storage')
    : '/var/lib/containers/storage';
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const storage = (parseToml(text) as { storage?: Record<string, unknown> }).storage ?? {};
    const configured =
      rootless && typeof storage.rootless_storage_path === 'string'
        ? storage.rootless_storage_path.replace(/\$HOME/g, home)
        : typeof storage.graphroot === 'string' && storage.graphroot !== ''
          ? storage.graphroot
          : fallback;
    const driver =
      typeof storage.driver === 'string' && storage.driver !== '' ? storage.driver : null;
    return { graphRoot: configured, driver, configFile: file };
  }
  return { graphRoot: fallback, driver: null, configFile: null };
}

/** Everything the graphroot records, and the directories its layer root holds. */
export interface ContainersStorage {
  graphRoot: string;
  driver: string;
  layers: StorageLayer[];
  images: StorageImage[];
  containers: StorageContainer[];
  /** Names of the directories under `<graphRoot>/<driver>/`, `l` included. */
  layerDirectories: string[];
  map: StorageMap;
}

async function textOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

async function directoriesIn(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function readContainersStorage(
  graphRoot: string,
  driver = 'overlay',
): Promise<ContainersStorage> {
  const file = (dir: string, name: string) => join(graphRoot, `${driver}-${dir}`, name);
  const paths = {
    layers: file('layers', 'layers.json'),
    volatile: file('layers', 'volatile-layers.json'),
    images: file('images', 'images.json'),
    containers: file('containers', 'containers.json'),
  };
  const [layersText, volatileText, imagesText, containersText, layerDirectories] =
    await Promise.all([
      textOrEmpty(paths.layers),
      textOrEmpty(paths.volatile),
      textOrEmpty(paths.images),
      textOrEmpty(paths.containers),
      directoriesIn(join(graphRoot, driver)),
    ]);
  const layers = [
    ...parseLayers(layersText, paths.layers),
    ...parseLayers(volatileText, paths.volatile, true),
  ];
  const images = parseImages(imagesText, paths.images);
  const containers = parseContainers(containersText, paths.containers);
  return {
    graphRoot,
    driver,
    layers,
    images,
    containers,
    layerDirectories,
    map: mapStorage(layers, images, containers),
  };
}

/** The layer root's directories no record names (storage-records.ts orphanLayerDirectories). */
export function orphansOf(storage: ContainersStorage): string[] {
  return orphanLayerDirectories(storage.layerDirectories, storage.layers);
}

/** A layer directory measured now, beside what containers/storage recorded for it. */
export interface MeasuredLayerDirectory {
  id: string;
  /** `du -B1 -s <graphRoot>/<driver>/<id>`; null where an entry could not be read. */
  diskBytes: number | null;
  /** `du -b -s` of the same directory; null where an entry could not be read. */
  apparentBytes: number | null;
  /** The record's diff-size (Podman's figure for the layer); null for none (or an orphan). */
  diffSize: number | null;
}

/**
 * Each layer directory `<graphRoot>/<driver>/<id>` (diff/, work/, link, lower, merged/) as du
 * counts it, the way a scan measures overlay2's: work/ is counted, not descended (overlayfs's
 * scratch space; work/work is mode 000), a mount below (a running container's merged/) left out.
 */
export async function measureLayerDirectories(
  scan: ScanPool,
  storage: Pick<ContainersStorage, 'graphRoot' | 'driver' | 'layers'>,
  ids: readonly string[],
): Promise<MeasuredLayerDirectory[]> {
  const diffSizes = new Map(storage.layers.map((layer) => [layer.id, layer.diffSize]));
  const results = await scan.runWalks(
    ids.map((id) => ({
      root: Buffer.from(join(storage.graphRoot, storage.driver, id)),
      shallow: ['work'],
    })),
  );
  return ids.map((id, index) => {
    const result = results[index];
    const exact = result !== undefined && result.warnings.length === 0;
    const missing = result?.rootMissing === true;
    return {
      id,
      diskBytes: missing ? 0 : exact ? result.diskBytes : null,
      apparentBytes: missing ? 0 : exact ? result.apparentBytes : null,
      diffSize: diffSizes.get(id) ?? null,
    };
  });
}
