import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LinkedInode } from './scan/walk-tree.js';

/*
 * Results of image layer directories, by cache ID. A layer directory is immutable once the
 * engine registered it, so its figures stay true until it is removed; they are kept in a small
 * JSON file in the dashboard's state dir, so a restart does not read every layer again.
 */

export interface CachedLayer {
  /** The directory's inode when measured: a directory made again under the same name is new. */
  ino: string;
  diskBytes: number;
  apparentBytes: number;
  files: number;
  linkedInodes: LinkedInode[];
}

interface CacheFile {
  version: 1;
  dataRoot: string;
  /** st_dev of the data root: another disk mounted at the same path is another cache. */
  device: string;
  layers: Record<string, CachedLayer>;
}

const fileName = 'disk-scan-cache.json';

export class ScanCache {
  #layers = new Map<string, CachedLayer>();
  #key: { dataRoot: string; device: string } | null = null;

  /** stateDir null: kept in memory only. */
  constructor(readonly stateDir: string | null) {}

  /** Loads the file for this data root (once per data root); a damaged file is ignored. */
  async open(dataRoot: string, device: string): Promise<void> {
    if (this.#key?.dataRoot === dataRoot && this.#key.device === device) return;
    this.#key = { dataRoot, device };
    this.#layers = new Map();
    if (this.stateDir === null) return;
    try {
      const file = JSON.parse(await readFile(join(this.stateDir, fileName), 'utf8')) as CacheFile;
      if (file.version === 1 && file.dataRoot === dataRoot && file.device === device) {
        this.#layers = new Map(Object.entries(file.layers));
      }
    } catch {
      // Missing or unreadable: start empty, the next scan writes it again.
    }
  }

  get(cacheId: string, ino: string): CachedLayer | null {
    const entry = this.#layers.get(cacheId);
    return entry !== undefined && entry.ino === ino ? entry : null;
  }

  get size(): number {
    return this.#layers.size;
  }

  /** Replaces the whole cache with what the last scan found (vanished layers drop out). */
  async replace(layers: Map<string, CachedLayer>): Promise<void> {
    // A refresh after a container event finds the same layers: nothing to write (the file
    // holds thousands of them; writing it took a good part of such a refresh).
    const unchanged =
      layers.size === this.#layers.size &&
      [...layers].every(([key, layer]) => this.#layers.get(key)?.ino === layer.ino);
    this.#layers = layers;
    if (unchanged || this.stateDir === null || this.#key === null) return;
    const file: CacheFile = { version: 1, ...this.#key, layers: Object.fromEntries(layers) };
    await mkdir(this.stateDir, { recursive: true });
    const path = join(this.stateDir, fileName);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(file));
    await rename(temporary, path);
  }
}
