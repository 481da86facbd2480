import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';
import type { StackAnalysis } from '../domain/stack-analysis.js';
import type {
  BuildProgress,
  IndexJob,
  IndexWorkerMessage,
  LayerSource,
} from './layer-index-worker.js';

/*
 * Worker threads for layer indexes: parsing and stacking a layer of a million entries takes
 * seconds of CPU, which the event loop must not spend. One or two workers (the cores allow,
 * another request may be building too), started on first use. An idle worker does not keep
 * the process alive (a command-line run ends when its work does) and ends after a while: the
 * heap a big build grew goes with it.
 */

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './layer-index-worker.ts' : './layer-index-worker.js',
  import.meta.url,
);

/**
 * A worker's heap is capped: a layer too big for it fails its own request, with a message,
 * instead of taking the server down.
 */
const resourceLimits = { maxOldGenerationSizeMb: 4096 };

export interface BuildRequest {
  chainId: string;
  layer: number;
  source: LayerSource;
  lower: SharedArrayBuffer[];
  file: string | null;
  onProgress?: (progress: BuildProgress) => void;
}

export interface Built {
  buffer: SharedArrayBuffer;
  entries: number;
  writeError: string | null;
  opaqueProblem: string | null;
}

interface Pending {
  job: IndexJob;
  resolve: (message: IndexWorkerMessage) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: BuildProgress) => void;
}

const idleMs = 10_000;

export class LayerIndexPool {
  readonly #size: number;
  readonly #idle: Worker[] = [];
  readonly #idleTimers = new Map<Worker, NodeJS.Timeout>();
  readonly #busy = new Map<Worker, Pending>();
  readonly #queue: Pending[] = [];
  #nextJob = 0;
  #closed = false;

  constructor(size = Math.max(1, Math.min(availableParallelism(), 2))) {
    this.#size = size;
  }

  /**
   * `signal`: its owner closed (one engine's index, the pool being the app's): a job still
   * queued is dropped and rejects; one already building finishes.
   */
  async build(request: BuildRequest, signal?: AbortSignal): Promise<Built> {
    const { onProgress, ...rest } = request;
    const job: IndexJob = { type: 'build', jobId: this.#nextJob++, ...rest };
    const message = await this.#run(job, onProgress, signal);
    if (message.type !== 'built') throw new Error('unexpected worker answer');
    return message;
  }

  async analyze(layers: SharedArrayBuffer[], signal?: AbortSignal): Promise<StackAnalysis> {
    const job: IndexJob = { type: 'analyze', jobId: this.#nextJob++, layers };
    const message = await this.#run(job, undefined, signal);
    if (message.type !== 'analyzed') throw new Error('unexpected worker answer');
    return message.result;
  }

  /** Worker threads alive now, idle or building. */
  running(): number {
    return this.#idle.length + this.#busy.size;
  }

  /** Stops every worker; jobs still queued or running fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const error = new Error('The layer index is closing.');
    for (const pending of this.#queue.splice(0)) pending.reject(error);
    for (const timer of this.#idleTimers.values()) clearTimeout(timer);
    this.#idleTimers.clear();
    const workers = [...this.#idle.splice(0), ...this.#busy.keys()];
    for (const pending of this.#busy.values()) pending.reject(error);
    this.#busy.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #run(
    job: IndexJob,
    onProgress: ((progress: BuildProgress) => void) | undefined,
    signal: AbortSignal | undefined,
  ) {
    if (this.#closed || signal?.aborted === true) {
      return Promise.reject(new Error('The layer index is closed.'));
    }
    return new Promise<IndexWorkerMessage>((resolve, reject) => {
      const pending: Pending = { job, resolve, reject, ...(onProgress ? { onProgress } : {}) };
      this.#queue.push(pending);
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.#queue.indexOf(pending);
          if (at < 0) return;
          this.#queue.splice(at, 1);
          reject(new Error('The layer index is closing.'));
        },
        { once: true },
      );
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let worker = this.#idle.pop();
      if (worker === undefined && this.#busy.size < this.#size) worker = this.#spawn();
      if (worker === undefined) return;
      const pending = this.#queue.shift() as Pending;
      clearTimeout(this.#idleTimers.get(worker));
      this.#idleTimers.delete(worker);
      this.#busy.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  #retireLater(worker: Worker): void {
    const timer = setTimeout(() => {
      this.#idleTimers.delete(worker);
      const at = this.#idle.indexOf(worker);
      if (at < 0) return;
      this.#idle.splice(at, 1);
      worker.removeAllListeners('exit');
      void worker.terminate();
    }, idleMs);
    timer.unref();
    this.#idleTimers.set(worker, timer);
  }

  #spawn(): Worker {
    const worker = startWorker(workerFile, resourceLimits);
    worker.on('message', (message: IndexWorkerMessage) => {
      const pending = this.#busy.get(worker);
      if (pending === undefined || message.jobId !== pending.job.jobId) return;
      if (message.type === 'progress') {
        pending.onProgress?.(message);
        return;
      }
      this.#busy.delete(worker);
      worker.unref();
      this.#idle.push(worker);
      this.#retireLater(worker);
      if (message.type === 'error') pending.reject(new Error(message.message));
      else pending.resolve(message);
      this.#dispatch();
    });
    const fail = (error: Error) => {
      const pending = this.#busy.get(worker);
      this.#busy.delete(worker);
      const idle = this.#idle.indexOf(worker);
      if (idle >= 0) this.#idle.splice(idle, 1);
      pending?.reject(error);
      if (!this.#closed) this.#dispatch();
    };
    worker.on('error', (error: Error & { code?: string }) =>
      fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(
              `Indexing needed more than ${resourceLimits.maxOldGenerationSizeMb} MB: the layer ` +
                'has too many entries for this server.',
            )
          : error,
      ),
    );
    worker.on('exit', (code) => fail(new Error(`A layer-index worker exited (code ${code}).`)));
    return worker;
  }
}
