import type { Worker } from 'node:worker_threads';
import type {
  DuplicateCounters,
  DuplicateJob,
  DuplicateLayer,
  DuplicateWorkerMessage,
  HashedCopy,
} from './duplicate-files-worker.js';
import { startWorker } from './start-worker.js';

/*
 * Identical files across layers, worked out by one or two worker threads (each a share of the
 * layers) that end when the answer is in: at 5,000 layers and a million files their lists and
 * digests are memory the server does not keep. The main thread only joins what they found: a
 * number per file (size and a first digest), sorted once, so that every file is compared with
 * every other whichever worker listed it.
 */

export type { DuplicateLayer, HashedCopy } from './duplicate-files-worker.js';

/** A file's number holds its size above this many bits (duplicate-files-worker.ts). */
const sizeShift = 24n;

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './duplicate-files-worker.ts' : './duplicate-files-worker.js',
  import.meta.url,
);

/**
 * One worker unless asked: a second halves the time on an idle machine, but each holds 60 to
 * 80 MB at its peak (mostly the lists' garbage between collections), and the server's peak
 * memory is what the host notices.
 */
const defaultWorkers = 1;

/** A small young generation, as the scan workers: the lists are typed arrays, not objects. */
const resourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 1024 };

export interface DuplicateSearch {
  dataRoot: string;
  driver: string;
  minBytes: number;
  /** Each layer once. */
  layers: readonly DuplicateLayer[];
  /** Worker threads (default 1). */
  workers?: number;
  onProgress?: (stage: 'listing' | 'hashing', counters: DuplicateCounters) => void;
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
  const count = Math.max(1, Math.min(search.workers ?? defaultWorkers, search.layers.length));
  const shares = Array.from({ length: count }, () => [] as DuplicateLayer[]);
  search.layers.forEach((layer, index) => shares[index % count]?.push(layer));
  const workers = shares.map(() => new ShareWorker(startWorker(workerFile, resourceLimits)));
  let stage: 'listing' | 'hashing' = 'listing';
  const report = () => search.onProgress?.(stage, sumOf(workers.map((worker) => worker.counters)));
  for (const worker of workers) worker.onProgress = report;
  try {
    const listed = await Promise.all(
      workers.map((worker, index) =>
        worker.ask({
          type: 'list',
          dataRoot: search.dataRoot,
          driver: search.driver,
          minBytes: search.minBytes,
          layers: shares[index] ?? [],
        }),
      ),
    );
    const all = new BigUint64Array(
      listed.reduce(
        (sum, message) => sum + (message.type === 'listed' ? message.numbers.length : 0),
        0,
      ),
    );
    let at = 0;
    for (const message of listed) {
      if (message.type !== 'listed') throw new Error('unexpected worker answer');
      all.set(message.numbers, at);
      at += message.numbers.length;
    }
    const { collide, hashedFiles } = repeated(all);
    stage = 'hashing';
    const hashed = await Promise.all(
      workers.map((worker) => worker.ask({ type: 'full', collide })),
    );
    report();
    return {
      copies: hashed.flatMap((message) => (message.type === 'hashed' ? message.copies : [])),
      hashedFiles,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.end()));
  }
}

/**
 * The numbers (size and first digest) more than one file has, ascending; and how many files
 * have a size another file has (the files compared).
 */
function repeated(numbers: BigUint64Array): { collide: BigUint64Array; hashedFiles: number } {
  numbers.sort();
  const collide: bigint[] = [];
  let hashedFiles = 0;
  let sizeRun = 0;
  for (let at = 0; at < numbers.length; at++) {
    const number = numbers[at] as bigint;
    const next = numbers[at + 1];
    if (next === number && collide.at(-1) !== number) collide.push(number);
    sizeRun++;
    if (next === undefined || next >> sizeShift !== number >> sizeShift) {
      if (sizeRun > 1) hashedFiles += sizeRun;
      sizeRun = 0;
    }
  }
  return { collide: BigUint64Array.from(collide), hashedFiles };
}

function sumOf(all: readonly DuplicateCounters[]): DuplicateCounters {
  const total: DuplicateCounters = {
    entries: 0,
    listBytes: 0,
    listBytesTotal: 0,
    files: 0,
    filesTotal: 0,
    bytes: 0,
    bytesTotal: 0,
  };
  for (const counters of all) {
    for (const key of Object.keys(total) as (keyof DuplicateCounters)[])
      total[key] += counters[key];
  }
  return total;
}

/** One worker, asked one step at a time. */
class ShareWorker {
  counters: DuplicateCounters = {
    entries: 0,
    listBytes: 0,
    listBytesTotal: 0,
    files: 0,
    filesTotal: 0,
    bytes: 0,
    bytesTotal: 0,
  };
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
