import { createHash, hash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { LayerBuilder, type RawTree, rawFlag } from '../domain/layer-builder.js';
import { dirCode, kindCode } from '../domain/packed-format.js';
import { segmentBytes } from '../domain/tree-names.js';
import { LayerContents } from './layer-contents.js';
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

export type DuplicateJob =
  | { type: 'list'; dataRoot: string; driver: string; minBytes: number; layers: DuplicateLayer[] }
  /** The numbers (ascending) another file has too. */
  | { type: 'full'; collide: BigUint64Array };

export interface DuplicateCounters {
  /** Entries of the layers' lists read. */
  entries: number;
  listBytes: number;
  listBytesTotal: number;
  /** Files hashed whole. */
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
  | { type: 'listed'; numbers: BigUint64Array; counters: DuplicateCounters }
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

class LayerUnavailable extends Error {}

interface Listed {
  job: Extract<DuplicateJob, { type: 'list' }>;
  sources: { source: LayerSource; bytes: number }[];
  /** Where each layer's files start among `numbers`. */
  starts: Uint32Array;
  numbers: BigUint64Array;
}
let listed: Listed | null = null;

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
  } else if (bytes < 1 << 18) readTarSplitSync(source.file, add);
  // A big list is streamed: unzipped at once it would be ten times its size in memory.
  else await readTarSplit(source.file, add);
  eachOwnFile(builder.finish(), minBytes, onFile);
}

async function list(job: Extract<DuplicateJob, { type: 'list' }>): Promise<DuplicateWorkerMessage> {
  const contents = new LayerContents(job.dataRoot, job.driver);
  const sources = [];
  for (const layer of job.layers) {
    const source = await contents.layerSource(layer.chainId);
    if ('unavailable' in source) {
      throw new LayerUnavailable(
        `Layer ${layer.chainId} cannot be listed: ${source.unavailable}. ` +
          'Re-pulling or re-loading the image writes a file list.',
      );
    }
    const bytes = source.kind === 'tar-split' ? statSync(source.file).size : 0;
    counters.listBytesTotal += bytes;
    sources.push({ source, bytes });
  }
  const starts = new Uint32Array(sources.length + 1);
  let numbers = new BigUint64Array(1 << 16);
  let count = 0;
  const opener = new LayerFiles(job);
  for (const [ordinal, { source, bytes }] of sources.entries()) {
    starts[ordinal] = count;
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
    counters.listBytes += bytes;
    progress();
  }
  starts[sources.length] = count;
  numbers = numbers.slice(0, count);
  listed = { job, sources, starts, numbers };
  return { type: 'listed', numbers, counters };
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

  constructor(readonly job: { dataRoot: string; driver: string; layers: DuplicateLayer[] }) {}

  open(ordinal: number, path: string): number | null {
    if (ordinal !== this.#ordinal) {
      const layer = this.job.layers[ordinal] as DuplicateLayer;
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
  if (listed === null) return { type: 'hashed', copies, counters };
  const { sources, starts, numbers } = listed;
  const collide = new Set(job.collide);
  // The files to hash whole, by layer: their place among the layer's files.
  const wanted = new Map<number, Set<number>>();
  for (let ordinal = 0; ordinal < sources.length; ordinal++) {
    for (let at = starts[ordinal] as number; at < (starts[ordinal + 1] as number); at++) {
      const number = numbers[at] as bigint;
      if (!collide.has(number)) continue;
      const places = wanted.get(ordinal) ?? new Set<number>();
      places.add(at - (starts[ordinal] as number));
      wanted.set(ordinal, places);
      counters.filesTotal++;
      counters.bytesTotal += Number(number >> keyBits);
    }
  }
  const opener = new LayerFiles(listed.job);
  for (const [ordinal, places] of wanted) {
    const { source, bytes } = sources[ordinal] as Listed['sources'][number];
    const chainId = (listed.job.layers[ordinal] as DuplicateLayer).chainId;
    let place = 0;
    await eachFileOf(source, bytes, listed.job.minBytes, (path, size) => {
      if (!places.has(place++)) return;
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
        code: error instanceof LayerUnavailable ? 'LAYER_INDEX_UNAVAILABLE' : null,
      } satisfies DuplicateWorkerMessage),
  );
});
