import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../start-worker.js';
import type { WalkJob, WorkerMessage } from './scan-worker.js';
import type { ChildFigures, WalkRequest, WalkResult, WalkWarning } from './walk-tree.js';

/*
 * Walks many directories in worker threads, one directory per job, as many workers as cores
 * (at most 4: the disk, not the CPU, is the limit beyond that). The event loop only hands out
 * jobs and adds up results, so the API answers while millions of files are read.
 */

/**
 * Jobs go out in batches, by guided self-scheduling (Polychronopoulos and Kuck, 1987): a worker
 * that finished its batch gets 1 / (batchShare × workers) of the jobs left. A data root has
 * thousands of layer directories, most of them small, and one round trip per job cost more
 * than walking such a layer (5,000 jobs of 10 files: 0.8 s in 2 workers, 0.3 s in one thread),
 * while the batches shrink to single jobs towards the end, so a large directory there does
 * not leave the other workers idle for long.
 */
const batchShare = 4;

/**
 * Each worker has its next batch queued before it finishes the current one: when the event
 * loop was busy for a while (the inventory's first answer, compiling a route's serializer), a
 * worker that had to ask for more sat idle until it was free, both workers for 100 ms of a
 * 2.7 s cold start.
 */
const batchesAhead = 2;

export interface PoolProgress {
  /** Directories read by the jobs still running, and their bytes so far. */
  directoriesRead: number;
  diskBytes: number;
}

export interface RunOptions {
  /** Called with each finished job, in completion order. */
  onResult?(index: number, result: WalkResult): void;
  /** Called with the running jobs' partial figures, at most every 100 ms per worker. */
  onProgress?(progress: PoolProgress): void;
  /** Workers to use; default: the cores available, 1 to 4. */
  workers?: number;
  /** Checked between jobs: a cancelled run stops handing out work and rejects. */
  signal?: AbortSignal;
}

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js',
  import.meta.url,
);

/*
 * A walk keeps little alive (a stack of paths, the hard-linked inodes it saw) but makes a
 * string and a Stats per entry: garbage that dies young. V8's default young generation (up to
 * 48 MB per isolate) let each worker hold tens of MB of it between collections, most of the
 * server's peak memory during a first scan; 4 MB semi-spaces collect it as often as it pays.
 * The old generation is capped far above what a walk holds, so a runaway shows as an error.
 */
const resourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 512 };

/*
 * Workers outlive a run for a while: engine events come in bursts (a `docker run` is a create,
 * a start and a die), each followed by a scan of a few directories, and starting a worker
 * (a new isolate loading its module) took longer than such a scan's walking. Idle workers do
 * not keep the process alive and end after idleMs.
 */
const idleMs = 3000;

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
}

/**
 * The scan workers of one app (workers/worker-pools.ts), shared by its engines' scans: each run
 * takes its workers from the idle ones or starts new ones, and gives them back when it ends.
 */
export class ScanPool {
  readonly #idle = new Set<IdleWorker>();
  /** Every worker started and not yet exited, idle or walking: close() ends them all. */
  readonly #alive = new Set<Worker>();
  #closed = false;

  /**
   * Starts the workers a scan uses now, to wait for it as idle ones do (idleMs). server.ts
   * calls this before it loads the rest of the server: loading it keeps one core busy and
   * leaves the other free, and starting a worker (an isolate loading its module) is the first
   * scan's to pay otherwise.
   */
  prestart(count = defaultWorkerCount()): void {
    if (this.#closed) return;
    for (let i = this.#idle.size; i < count; i++) this.#release(this.#start());
  }

  /** Workers kept from earlier runs, ready for the next. */
  idleWorkers(): number {
    return this.#idle.size;
  }

  /** Worker threads alive now, idle or walking. */
  running(): number {
    return this.#alive.size;
  }

  /** Ends the idle workers now; the next run starts new ones. */
  async endIdle(): Promise<void> {
    const ending = [...this.#idle];
    this.#idle.clear();
    await Promise.all(
      ending.map(({ worker, timer }) => {
        clearTimeout(timer);
        return worker.terminate();
      }),
    );
  }

  /** Ends every worker, walking or idle (the app is closing): runs still going reject. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const { timer } of this.#idle) clearTimeout(timer);
    this.#idle.clear();
    await Promise.all([...this.#alive].map((worker) => worker.terminate()));
  }

  /** Walks every request; results come back in request order. */
  runWalks(requests: WalkRequest[], options: RunOptions = {}): Promise<WalkResult[]> {
    if (this.#closed) return Promise.reject(new Error('The scan workers are closed.'));
    return runWalks(requests, options, {
      take: () => this.#take(),
      release: (worker) => this.#release(worker),
      closed: () => this.#closed,
    });
  }

  #start(): Worker {
    const worker = startWorker(workerFile, resourceLimits);
    this.#alive.add(worker);
    worker.once('exit', () => this.#alive.delete(worker));
    return worker;
  }

  #take(): Worker {
    for (const kept of this.#idle) {
      this.#idle.delete(kept);
      clearTimeout(kept.timer);
      kept.worker.ref();
      return kept.worker;
    }
    return this.#start();
  }

  #release(worker: Worker): void {
    worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
    worker.once('exit', () => this.#alive.delete(worker));
    if (this.#closed) {
      void worker.terminate();
      return;
    }
    worker.unref();
    const kept: IdleWorker = {
      worker,
      timer: setTimeout(() => {
        this.#idle.delete(kept);
        void worker.terminate();
      }, idleMs).unref(),
    };
    this.#idle.add(kept);
    // One that dies meanwhile is not handed out again.
    worker.once('exit', () => {
      clearTimeout(kept.timer);
      this.#idle.delete(kept);
    });
  }
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Structured clone turns Buffers into Uint8Arrays; make them Buffers again. */
function revive(result: WalkResult): WalkResult {
  const warnings: WalkWarning[] = result.warnings.map((w) => ({ ...w, path: toBuffer(w.path) }));
  const children: ChildFigures[] | null =
    result.children?.map((child) => ({ ...child, name: toBuffer(child.name) })) ?? null;
  return { ...result, warnings, children };
}

function toJob(jobId: number, request: WalkRequest): WalkJob {
  return {
    jobId,
    root: request.root,
    device: request.device === undefined ? null : request.device.toString(),
    shallow: [...(request.shallow ?? [])],
    selfOnly: request.selfOnly ?? false,
    perChild: request.perChild ?? false,
  };
}

/** How a run takes workers from its pool and gives them back. */
interface Lending {
  take(): Worker;
  release(worker: Worker): void;
  /** Whether the pool was closed (its workers ended under the run). */
  closed(): boolean;
}

/** Walks every request in workers lent by the pool; results come back in request order. */
function runWalks(
  requests: WalkRequest[],
  options: RunOptions,
  { take, release, closed }: Lending,
): Promise<WalkResult[]> {
  const results: WalkResult[] = new Array(requests.length);
  if (requests.length === 0) return Promise.resolve(results);
  const size = Math.min(options.workers ?? defaultWorkerCount(), requests.length);
  const running = new Map<number, { directoriesRead: number; diskBytes: number }>();
  let next = 0;
  let finished = 0;

  return new Promise<WalkResult[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let settled = false;
    const stop = (error: Error | null) => {
      if (settled) return;
      settled = true;
      // A worker that failed, or was stopped mid-job, is not used again.
      for (const worker of workers) {
        if (error === null) release(worker);
        else void worker.terminate();
      }
      if (error === null) resolve(results);
      else reject(error);
    };
    const report = () => {
      let directoriesRead = 0;
      let diskBytes = 0;
      for (const job of running.values()) {
        directoriesRead += job.directoriesRead;
        diskBytes += job.diskBytes;
      }
      options.onProgress?.({ directoriesRead, diskBytes });
    };
    // app.close() during a scan: stop the workers mid-directory, not after it.
    options.signal?.addEventListener('abort', () => stop(new Error('The scan was cancelled.')), {
      once: true,
    });
    /** Sends the worker its next batch; the number of jobs in it. */
    const feed = (worker: Worker): number => {
      if (options.signal?.aborted) {
        stop(new Error('The scan was cancelled.'));
        return 0;
      }
      const count = Math.min(
        requests.length - next,
        Math.max(1, Math.floor((requests.length - next) / (size * batchShare))),
      );
      const jobs: WalkJob[] = [];
      for (let i = 0; i < count; i++) {
        const jobId = next++;
        running.set(jobId, { directoriesRead: 0, diskBytes: 0 });
        jobs.push(toJob(jobId, requests[jobId] as WalkRequest));
      }
      if (count > 0) worker.postMessage(jobs);
      return count;
    };

    for (let i = 0; i < size; i++) {
      const worker = take();
      workers.push(worker);
      // Jobs left in each batch sent to this worker, oldest first: see batchesAhead.
      const batches: number[] = [];
      const refill = () => {
        while (batches.length < batchesAhead) {
          const count = feed(worker);
          if (count === 0) break;
          batches.push(count);
        }
      };
      worker.on('message', (message: WorkerMessage) => {
        if (settled) return;
        if (message.type === 'progress') {
          running.set(message.jobId, message);
          report();
          return;
        }
        if (message.type === 'error') {
          return stop(new Error(`Scanning failed: ${message.message}`));
        }
        for (const { jobId, result: cloned } of message.results) {
          running.delete(jobId);
          const result = revive(cloned);
          results[jobId] = result;
          options.onResult?.(jobId, result);
        }
        finished += message.results.length;
        if (finished === requests.length) return stop(null);
        // A worker answers its batches in order, each with one or more messages.
        (batches[0] as number) -= message.results.length;
        if (batches[0] === 0) {
          batches.shift();
          refill();
        }
      });
      worker.on('error', (error) => stop(error));
      worker.on('exit', (code) => {
        if (settled) return;
        stop(
          new Error(
            closed()
              ? 'The scan was cancelled: the server is closing.'
              : `A scan worker exited early (code ${code}).`,
          ),
        );
      });
      refill();
    }
  });
}
