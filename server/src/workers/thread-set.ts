import type { ResourceLimits, Worker } from 'node:worker_threads';
import { startWorker } from '../storage/start-worker.js';

/**
 * Worker threads started one job at a time and ended by whoever started them (the duplicate
 * files' steps): kept in a set only so that the app's close can end one still running.
 */
export class ThreadSet {
  readonly #alive = new Set<Worker>();
  #closed = false;

  start(workerFile: URL, resourceLimits: ResourceLimits): Worker {
    if (this.#closed) throw new Error('The worker threads are closed.');
    const worker = startWorker(workerFile, resourceLimits);
    this.#alive.add(worker);
    worker.once('exit', () => this.#alive.delete(worker));
    return worker;
  }

  /** Threads started and not yet exited. */
  running(): number {
    return this.#alive.size;
  }

  /** Ends every thread still running; their jobs fail with the exit. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#alive].map((worker) => worker.terminate()));
  }
}
