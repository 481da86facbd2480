import { createHash, hash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { LayerBuilder, type RawTree, rawFlag } from '../domain/layer-builder.js';
import { dirCode, kindCode } from '../domain/packed-format.js';
import { segmentBytes } from '../domain/tree-names.js';
import { readTarSplit, readTarSplitSync } from './layer-entries.js';
import type { LayerSource } from './layer-index-worker.js';
import { readLayerDirectory } from './layer-walk.js';

/*
 * One share of GET /api/duplicates/files' work, in a worker thread whose memory goes with it
 * when it ends. First each layer's own regular files (the same rules as the layer index: the
 * last entry of a path wins, whiteouts delete), and, while its directories are fresh, the
 * SHA-256 of each file's first 4 KB (all of it when it is no longer): a file is then one 64-bit
 * number, its size and 24 bits of that digest, and no path is kept. The main thread finds the
 * numbers another file shares; only those files are hashed whole, their layers' lists read
 * again for their paths. Files that differ in size or in their first 4 KB cannot be equal, so
 * the answer is the same as hashing every same-size file whole, for a fraction of the reading
 * (most of the first answer's time) and of the memory (the paths were most of it).
 *
 * Files are read with blocking calls (a worker has nothing else to do), without following a
 * symlink: every parent must be a real directory (checked once per directory) and the file is
 * opened O_NOFOLLOW, as LayerContents.hashFile does.
 */

export const prefixBytes = 4096;
/** Bits of the first digest in a file's number; the size has the other 40 (1 TiB). */
const keyBits = 24n;
const maxSize = 2 ** 40 - 1;

export interface DuplicateLayer {
  chainId: string;
  cacheId: string;
}

/** A layer with where its list is read from, and the list file's size (0: a directory). */
export interface ListedLayer extends DuplicateLayer {
  source: LayerSource;
  bytes: number;
}

interface LayerFilesJob {
  dataRoot: string;
  driver: string;
  minBytes: number;
}

export type DuplicateJob =
  | (LayerFilesJob & { type: 'list'; layers: ListedLayer[] })
  /** Hash whole the files at these places among each layer's listed files. */
  | (LayerFilesJob & { type: 'full'; layers: (ListedLayer & { places: number[] })[] });

export interface DuplicateCounters {
  /** Entries of the layers' lists read. */
  entries: number;
  listBytes: number;
  listBytesTotal: number;
  /** Files hashed whole, and their bytes; the totals are the main thread's. */
  files: number;
  filesTotal: number;
  bytes: number;
  bytesTotal: number;
}

export interface HashedCopy {
  chainId: string;
  /** Key segments joined by '/' (keys never hold one). */
  path: string;
  bytes: number;
  sha256: string;
}

export type DuplicateWorkerMessage =
  | { type: 'progress'; counters: DuplicateCounters }
  /**
   * Per listed file: its size (clamped to 40 bits) shifted left by 24, or'd with 24 bits of the
   * digest of its first 4 KB, which are all ones when it could not be read.
   */
  | {
      type: 'listed';
      numbers: BigUint64Array;
      /** How many of `numbers` each layer has, in order. */
      fileCounts: Uint32Array;
      counters: DuplicateCounters;
    }
  | { type: 'hashed'; copies: HashedCopy[]; counters: DuplicateCounters }
  | { type: 'error'; message: string; code: string | null };

const port = parentPort;

const counters: DuplicateCounters = {
  entries: 0,
  listBytes: 0,
  listBytesTotal: 0,
  files: 0,
  filesTotal: 0,
  bytes: 0,
  bytesTotal: 0,
};
let lastProgress = 0;
function progress(): void {
  const now = Date.now();
  if (now - lastProgress < 100) return;
  lastProgress = now;
  port?.postMessage({ type: 'progress', counters } satisfies DuplicateWorkerMessage);
}

/** A layer's own files at least minBytes long, in the same order every time. */
async function eachFileOf(
  source: LayerSource,
  bytes: number,
  minBytes: number,
  onFile: (path: string, size: number) => void,
): Promise<void> {
  const builder = new LayerBuilder();
  const add = (segments: string[], entry: Parameters<LayerBuilder['add']>[1]) => {
    builder.add(segments, entry);
    counters.entries++;
    if ((counters.entries & 4095) === 0) progress();
  };
  if (source.kind === 'directory') {
    await readLayerDirectory(source.dir, add, (segments) => builder.markOpaque(segments));
  } else if (bytes < 1 << 14) readTarSplitSync(source.file, add);
  // A big list is streamed: unzipped at once it would be ten times its size in memory.
  else await readTarSplit(source.file, add);
  eachOwnFile(builder.finish(), minBytes, onFile);
}

async function list(job: Extract<DuplicateJob, { type: 'list' }>): Promise<DuplicateWorkerMessage> {
  const fileCounts = new Uint32Array(job.layers.length);
  let numbers = new BigUint64Array(1 << 14);
  let count = 0;
  const opener = new LayerFiles(job, job.layers);
  for (const [ordinal, { source, bytes }] of job.layers.entries()) {
    const start = count;
    await eachFileOf(source, bytes, job.minBytes, (path, size) => {
      const fd = opener.open(ordinal, path);
      const digest = fd === null ? null : digestOf(fd, prefixBytes);
      const key = digest === null ? 0xffffff : digest.readUIntBE(0, 3);
      if (count === numbers.length) {
        const grown = new BigUint64Array(numbers.length * 2);
        grown.set(numbers);
        numbers = grown;
      }
      numbers[count++] = (BigInt(Math.min(size, maxSize)) << keyBits) | BigInt(key);
    });
    fileCounts[ordinal] = count - start;
    counters.listBytes += bytes;
    progress();
  }
  return { type: 'listed', numbers: numbers.slice(0, count), fileCounts, counters };
}

/**
 * A layer's own regular files, as its packed index has them (file-tree.ts stackLayer): a
 * whiteout that nothing replaced is a deletion, a made-up directory has no size, and only real
 * directories are entered (a path listed as a file after its children hides them).
 */
function eachOwnFile(
  raw: RawTree,
  minBytes: number,
  onFile: (path: string, bytes: number) => void,
): void {
  const stack: { item: number; dir: string }[] = [{ item: 0, dir: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const start = raw.childStart[next.item] as number;
    const stop = start + (raw.childCount[next.item] as number);
    for (let k = start; k < stop; k++) {
      const item = raw.children[k] as number;
      const flags = raw.flags[item] as number;
      const explicit = (flags & rawFlag.explicit) !== 0;
      const count = raw.childCount[item] as number;
      if ((flags & rawFlag.whiteout) !== 0 && !explicit && count === 0) continue;
      const name = raw.name[item] as string;
      const path = next.dir === '' ? name : `${next.dir}/${name}`;
      const kind = raw.kind[item] as number;
      if (kind === dirCode) {
        if (count > 0) stack.push({ item, dir: path });
      } else if (kind === kindCode.file && explicit) {
        const bytes = raw.bytes[item] as number;
        if (bytes >= minBytes) onFile(path, bytes);
      }
    }
  }
}

/** Opens files of one layer after another, each parent directory checked once. */
class LayerFiles {
  #ordinal = -1;
  #base = '';
  readonly #dirs = new Map<string, boolean>();

  constructor(
    readonly job: LayerFilesJob,
    readonly layers: readonly DuplicateLayer[],
  ) {}

  open(ordinal: number, path: string): number | null {
    if (ordinal !== this.#ordinal) {
      const layer = this.layers[ordinal] as DuplicateLayer;
      if (!/^[0-9a-zA-Z_-]+$/.test(layer.cacheId))
        throw new Error(`Not a cache ID: ${layer.cacheId}`);
      this.#ordinal = ordinal;
      this.#base = join(this.job.dataRoot, this.job.driver, layer.cacheId, 'diff');
      this.#dirs.clear();
    }
    const slash = path.lastIndexOf('/');
    if (slash >= 0 && !this.#dirOk(path.slice(0, slash))) return null;
    try {
      const fd = openSync(
        this.#fsPath(path),
        constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      );
      if (fstatSync(fd).isFile()) return fd;
      closeSync(fd);
    } catch {
      // Gone, or not a file: not compared.
    }
    return null;
  }

  #dirOk(dir: string): boolean {
    const known = this.#dirs.get(dir);
    if (known !== undefined) return known;
    const slash = dir.lastIndexOf('/');
    let ok = slash < 0 || this.#dirOk(dir.slice(0, slash));
    if (ok) {
      try {
        ok = lstatSync(this.#fsPath(dir)).isDirectory();
      } catch {
        ok = false;
      }
    }
    this.#dirs.set(dir, ok);
    return ok;
  }

  /** Keys of names that are not UTF-8 go back to their bytes. */
  #fsPath(path: string): string | Buffer {
    if (!path.includes('\u0000')) return `${this.#base}/${path}`;
    const parts: Buffer[] = [Buffer.from(this.#base)];
    for (const segment of path.split('/'))
      parts.push(Buffer.from('/'), Buffer.from(segmentBytes(segment)));
    return Buffer.concat(parts);
  }
}

const chunk = Buffer.allocUnsafe(1 << 18);

/** SHA-256 of the file's first `limit` bytes; null when it cannot be read. Closes the file. */
function digestOf(fd: number, limit: number): Buffer | null {
  try {
    const size = fstatSync(fd).size;
    if (size <= chunk.length && size <= limit) {
      let read = 0;
      for (let got = 1; read < size && got > 0; read += got) {
        got = readSync(fd, chunk, read, size - read, read);
      }
      return hash('sha256', chunk.subarray(0, read), 'buffer');
    }
    const hasher = createHash('sha256');
    let read = 0;
    for (;;) {
      const want = Math.min(chunk.length, limit - read);
      if (want <= 0) break;
      const got = readSync(fd, chunk, 0, want, read);
      if (got === 0) break;
      hasher.update(chunk.subarray(0, got));
      read += got;
    }
    return hasher.digest();
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

async function full(job: Extract<DuplicateJob, { type: 'full' }>): Promise<DuplicateWorkerMessage> {
  const copies: HashedCopy[] = [];
  const opener = new LayerFiles(job, job.layers);
  for (const [ordinal, { source, bytes, places, chainId }] of job.layers.entries()) {
    const wanted = new Set(places);
    let place = 0;
    await eachFileOf(source, bytes, job.minBytes, (path, size) => {
      if (!wanted.has(place++)) return;
      const fd = opener.open(ordinal, path);
      const digest = fd === null ? null : digestOf(fd, Number.POSITIVE_INFINITY);
      counters.files++;
      counters.bytes += size;
      progress();
      if (digest !== null) {
        copies.push({ chainId, path, bytes: size, sha256: `sha256:${digest.toString('hex')}` });
      }
    });
  }
  return { type: 'hashed', copies, counters };
}

port?.on('message', (job: DuplicateJob) => {
  const run = async (): Promise<DuplicateWorkerMessage> =>
    job.type === 'list' ? list(job) : full(job);
  run().then(
    (message) => port.postMessage(message),
    (error: unknown) =>
      port.postMessage({
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
        code: null,
      } satisfies DuplicateWorkerMessage),
  );
});
