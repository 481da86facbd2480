import { stat } from 'node:fs/promises';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import pMap from 'p-map';
import type {
  DuplicateCounters,
  DuplicateJob,
  DuplicateLayer,
  DuplicateWorkerMessage,
  HashedCopy,
  ListedLayer,
} from './duplicate-files-worker.js';
import { LayerContents } from './layer-contents.js';

/*
 * Identical files across layers, worked out by worker threads, one at a time, each ended when
 * its step is done: at 5,000 layers and a million files their lists and digests are memory the
 * server does not keep. The main thread only joins what they found: a number per file (size
 * and a first digest), sorted once, so that every file is compared with every other whichever
 * worker listed it; then one worker hashes whole the files whose number another shares.
 */

export type { DuplicateLayer, HashedCopy } from './duplicate-files-worker.js';

/** A file's number holds its size above this many bits (duplicate-files-worker.ts). */
const sizeShift = 24n;

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './duplicate-files-worker.ts' : './duplicate-files-worker.js',
  import.meta.url,
);

/** Bytes of compressed lists one worker reads before it ends (see batchesOf). */
const batchBytes = 4 << 20;

/** A small young generation, as the scan workers: the lists are typed arrays, not objects. */
const resourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 1024 };

export interface DuplicateSearch {
  dataRoot: string;
  driver: string;
  minBytes: number;
  /** Each layer once. */
  layers: readonly DuplicateLayer[];
  onProgress?: (stage: 'listing' | 'hashing', counters: DuplicateCounters) => void;
  /** Starts each step's worker: the app's (workers/thread-set.ts), which its close ends. */
  threads: { start(workerFile: URL, resourceLimits: ResourceLimits): Worker };
}

export interface FoundCopies {
  /** Every file whose size and whole digest another file shares, with its digest. */
  copies: HashedCopy[];
  /** Files whose size another file shares (their first 4 KB were hashed, all of it if needed). */
  hashedFiles: number;
}

/** An error a worker reported, with its code (LAYER_INDEX_UNAVAILABLE: a layer has no list). */
export class DuplicateSearchError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export async function findDuplicateFiles(search: DuplicateSearch): Promise<FoundCopies> {
  const { dataRoot, driver, minBytes } = search;
  const layers = await listedLayers(search);
  const done: DuplicateCounters[] = [];
  let current: DuplicateCounters | null = null;
  let stage: 'listing' | 'hashing' = 'listing';
  /** The files to hash whole, and their bytes, once known. */
  const whole = { files: 0, bytes: 0 };
  const report = () => {
    const total = sumOf(current === null ? done : [...done, current]);
    total.listBytesTotal = layers.reduce((sum, layer) => sum + layer.bytes, 0);
    total.filesTotal = whole.files;
    total.bytesTotal = whole.bytes;
    search.onProgress?.(stage, total);
  };
  /** One worker for one step, ended after it: its heap (the lists' garbage) goes with it. */
  const step = async (job: DuplicateJob): Promise<DuplicateWorkerMessage> => {
    const worker = new ShareWorker(search.threads.start(workerFile, resourceLimits));
    worker.onProgress = () => {
      current = worker.counters;
      report();
    };
    try {
      const answer = await worker.ask(job);
      done.push(worker.counters);
      return answer;
    } finally {
      current = null;
      await worker.end();
    }
  };

  const numbers: BigUint64Array[] = [];
  const fileCounts: Uint32Array[] = [];
  for (const batch of batchesOf(layers)) {
    const answer = await step({ type: 'list', dataRoot, driver, minBytes, layers: batch });
    if (answer.type !== 'listed') throw new Error('unexpected worker answer');
    numbers.push(answer.numbers);
    fileCounts.push(answer.fileCounts);
  }
  const all = new BigUint64Array(numbers.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of numbers) {
    all.set(part, at);
    at += part.length;
  }
  const { collide, hashedFiles } = repeated(all.slice());
  // The files to hash whole: their places among their layers' listed files.
  const wanted: (ListedLayer & { places: number[] })[] = [];
  const counts = fileCounts.flatMap((part) => [...part]);
  at = 0;
  for (const [ordinal, layer] of layers.entries()) {
    const places: number[] = [];
    const count = counts[ordinal] ?? 0;
    for (let place = 0; place < count; place++) {
      const number = all[at + place] as bigint;
      if (!collide.has(number)) continue;
      places.push(place);
      whole.files++;
      whole.bytes += Number(number >> sizeShift);
    }
    at += count;
    if (places.length > 0) wanted.push({ ...layer, places });
  }
  stage = 'hashing';
  report();
  const hashed =
    wanted.length === 0
      ? null
      : await step({ type: 'full', dataRoot, driver, minBytes, layers: wanted });
  report();
  return { copies: hashed?.type === 'hashed' ? hashed.copies : [], hashedFiles };
}

/** Each layer with where its list is read from; an error naming a layer that has none. */
async function listedLayers(search: DuplicateSearch): Promise<ListedLayer[]> {
  const contents = new LayerContents(search.dataRoot, search.driver);
  return pMap(
    search.layers,
    async (layer) => {
      const source = await contents.layerSource(layer.chainId);
      if ('unavailable' in source) {
        throw new DuplicateSearchError(
          `Layer ${layer.chainId} cannot be listed: ${source.unavailable}. ` +
            'Re-pulling or re-loading the image writes a file list.',
          'LAYER_INDEX_UNAVAILABLE',
        );
      }
      const bytes = source.kind === 'tar-split' ? (await stat(source.file)).size : 0;
      return { ...layer, source, bytes };
    },
    { concurrency: 16 },
  );
}

/**
 * Consecutive layers, about 4 MB of lists at a time (a layer read from its directory counts
 * as 256 KB): a worker that read 5,000 lists kept 60 MB more than one that read 500, garbage
 * its collector had not yet come to.
 */
function batchesOf(layers: readonly ListedLayer[]): ListedLayer[][] {
  const batches: ListedLayer[][] = [];
  let batch: ListedLayer[] = [];
  let bytes = 0;
  for (const layer of layers) {
    batch.push(layer);
    bytes += layer.bytes === 0 ? 1 << 18 : layer.bytes;
    if (bytes >= batchBytes) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * The numbers (size and first digest) more than one file has, ascending; and how many files
 * have a size another file has (the files compared).
 */
function repeated(numbers: BigUint64Array): { collide: Set<bigint>; hashedFiles: number } {
  numbers.sort();
  const collide = new Set<bigint>();
  let hashedFiles = 0;
  let sizeRun = 0;
  for (let at = 0; at < numbers.length; at++) {
    const number = numbers[at] as bigint;
    const next = numbers[at + 1];
    if (next === number) collide.add(number);
    sizeRun++;
    if (next === undefined || next >> sizeShift !== number >> sizeShift) {
      if (sizeRun > 1) hashedFiles += sizeRun;
      sizeRun = 0;
    }
  }
  return { collide, hashedFiles };
}

function noCounters(): DuplicateCounters {
  return {
    entries: 0,
    listBytes: 0,
    listBytesTotal: 0,
    files: 0,
    filesTotal: 0,
    bytes: 0,
    bytesTotal: 0,
  };
}

function sumOf(all: readonly DuplicateCounters[]): DuplicateCounters {
  const total = noCounters();
  for (const counters of all) {
    for (const key of Object.keys(total) as (keyof DuplicateCounters)[])
      total[key] += counters[key];
  }
  return total;
}

/** One worker, asked one step at a time. */
class ShareWorker {
  counters: DuplicateCounters = noCounters();
  onProgress: () => void = () => {};
  #pending: {
    resolve: (message: DuplicateWorkerMessage) => void;
    reject: (error: Error) => void;
  } | null = null;

  constructor(readonly worker: Worker) {
    worker.on('message', (message: DuplicateWorkerMessage) => {
      if (message.type === 'error') {
        this.#settle(new DuplicateSearchError(message.message, message.code));
        return;
      }
      this.counters = message.counters;
      if (message.type === 'progress') this.onProgress();
      else this.#settle(message);
    });
    worker.on('error', (error: Error & { code?: string }) =>
      this.#settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(
              `Comparing files needed more than ${resourceLimits.maxOldGenerationSizeMb} MB in ` +
                'a worker: the layers hold too many files for this server.',
            )
          : error,
      ),
    );
    worker.on('exit', (code) =>
      this.#settle(new Error(`A duplicate-files worker exited (code ${code}).`)),
    );
  }

  ask(job: DuplicateJob): Promise<DuplicateWorkerMessage> {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.worker.postMessage(job);
    });
  }

  async end(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  #settle(outcome: DuplicateWorkerMessage | Error): void {
    const pending = this.#pending;
    this.#pending = null;
    if (pending === null) return;
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
