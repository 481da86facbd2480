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

/** A layer directory as a scan measured it. */
export interface MeasuredLayer {
  /** Null: not a layer directory, left out. */
  cacheKey: string | null;
  ino: string;
  result: Omit<CachedLayer, 'ino'>;
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
  /** The writes of the file, one after the other; a failed one is left (see keep). */
  #saving: Promise<void> = Promise.resolve();
  #savePending = false;

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

  /**
   * Keeps what the last scan found: its clean layer directories (vanished ones drop out). A
   * refresh after a container event finds the same layers: nothing changes, nothing is written
   * (the file holds thousands of them; writing it took a good part of such a refresh).
   *
   * The file is written afterwards, once the scan's answer is out (`saved()` waits for it): at
   * 5,000 layers making it took 30 ms at the end of a first scan, which waited for it. A
   * write that fails leaves the file as it was: the next start-up reads those layers again.
   */
  keep(layers: Iterable<MeasuredLayer>): void {
    let changed = false;
    const seen = new Set<string>();
    for (const { cacheKey, ino, result } of layers) {
      if (cacheKey === null) continue;
      seen.add(cacheKey);
      if (this.#layers.get(cacheKey)?.ino === ino) continue;
      const { diskBytes, apparentBytes, files, linkedInodes } = result;
      this.#layers.set(cacheKey, { ino, diskBytes, apparentBytes, files, linkedInodes });
      changed = true;
    }
    if (this.#layers.size > seen.size) {
      for (const key of this.#layers.keys()) if (!seen.has(key)) this.#layers.delete(key);
      changed = true;
    }
    if (!changed || this.stateDir === null || this.#savePending) return;
    this.#savePending = true;
    this.#saving = this.#saving
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => {
        this.#savePending = false;
        return this.#save();
      })
      .catch(() => {});
  }

  /** Resolves once what was kept so far is in the file (or failed to get there). */
  saved(): Promise<void> {
    return this.#saving;
  }

  async #save(): Promise<void> {
    if (this.stateDir === null || this.#key === null) return;
    const file: CacheFile = {
      version: 1,
      ...this.#key,
      layers: Object.fromEntries(this.#layers),
    };
    await mkdir(this.stateDir, { recursive: true });
    const path = join(this.stateDir, fileName);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(file));
    await rename(temporary, path);
  }
}
