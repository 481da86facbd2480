import { lstat, readFile } from 'node:fs/promises';
import pMap from 'p-map';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../start-worker.js';
import type { BulkAnswer, BulkRequest } from './bulk-read-worker.js';
import { type EntryFacts, entryFacts, isGone } from './entry-facts.js';

export type { EntryFacts };

/*
 * Many small files read, and many entries lstat'ed, at once in one worker thread: the engine's
 * layer records (layerdb/sha256/<chain>/{cache-id,diff,size}: 5,000 chains make 15,000 files),
 * container mounts, image configs, and the thousands of directories a scan plans. Async calls
 * for each cost the event loop more than the walk of a million files costs the scan workers; a
 * worker making them synchronously costs it one message per chunk.
 *
 * Only large batches go to the worker (a start-up, a scan after an image removal): it starts
 * with one and ends once idle for a second, since its isolate (10 to 20 MB) alive beside the
 * scan workers made the server's peak memory. The few files and entries an engine event brings
 * are read on the event loop, as before, without waiting for a worker to start.
 */
const inWorkerFrom = 256;

/**
 * One chunk is with the worker at a time, and lstat chunks go before read chunks: the scan
 * plan's lstats of overlay2/ and layerdb/ (which the walk of the data root waits for) do not
 * wait behind the 20,000 layer records and image configs read beside them at start-up.
 */
const chunkSize = 1024;

const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './bulk-read-worker.ts' : './bulk-read-worker.js',
  import.meta.url,
);

interface Batch {
  kind: BulkRequest['kind'];
  paths: readonly string[];
  /** Where the next chunk starts. */
  next: number;
  answers: unknown[];
  resolve(answers: unknown[]): void;
  reject(error: Error): void;
}

/**
 * How long an idle reader waits for the next batch before it ends. At start-up the layer
 * records and the image configs come a few hundred milliseconds apart (the configs once the
 * engine listed the images); a reader started again for them cost 60 ms of CPU.
 */
const lingerMs = 1000;

/**
 * The bulk reader of one app (workers/worker-pools.ts), shared by its engines: one worker thread
 * at most, started for a large batch, ended once idle for lingerMs or when the app closes.
 */
export class BulkReader {
  #worker: Worker | null = null;
  #nextId = 0;
  readonly #waiting: Batch[] = [];
  #inFlight: { id: number; batch: Batch } | null = null;
  #ending: NodeJS.Timeout | null = null;
  #closed = false;

  /**
   * The files' contents as UTF-8 text, in order; null for a file that does not exist (ENOENT,
   * ENOTDIR). Any other error (EACCES, EISDIR, …) rejects the whole batch, with that error's
   * code and path.
   */
  readSmallFiles(paths: readonly string[]): Promise<(string | null)[]> {
    if (paths.length < inWorkerFrom) return onEventLoop(paths, (path) => readFile(path, 'utf8'));
    return this.#inWorker('read', paths);
  }

  /**
   * Each entry's lstat facts, exact (bigint dev and ino), in order; null for one that is gone.
   * Paths are latin1 strings (one character per byte). Other errors reject as readSmallFiles'.
   */
  lstatEntries(paths: readonly string[]): Promise<(EntryFacts | null)[]> {
    if (paths.length >= inWorkerFrom) return this.#inWorker('lstat', paths);
    return onEventLoop(paths, async (path) =>
      entryFacts(await lstat(Buffer.from(path, 'latin1'), { bigint: true })),
    );
  }

  /**
   * Starts the reader for the large batches known to come (server.ts, before the server loads:
   * its start then costs the first scan nothing). It ends after lingerMs if none came.
   */
  prestart(): void {
    if (this.#closed) return;
    this.#worker ??= this.#startReader();
    this.#endWhenIdle();
  }

  /** Whether the reader thread is there (reading, or idle for less than lingerMs). */
  running(): boolean {
    return this.#worker !== null;
  }

  /**
   * Ends the reader now unless it is reading (then it ends by itself once idle); the next
   * large batch starts it again.
   */
  async endIdle(): Promise<void> {
    if (this.#waiting.length > 0) return;
    await this.#terminate();
  }

  /** Ends the reader for good (the app is closing): batches still waiting reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const error = new Error('The bulk reader is closed.');
    for (const batch of this.#waiting.splice(0)) batch.reject(error);
    await this.#terminate();
  }

  async #terminate(): Promise<void> {
    if (this.#ending !== null) clearTimeout(this.#ending);
    this.#ending = null;
    const idle = this.#worker;
    this.#worker = null;
    this.#inFlight = null;
    await idle?.terminate();
  }

  #startReader(): Worker {
    const started = startWorker(workerFile, { maxYoungGenerationSizeMb: 4 });
    started.on('message', (answer: BulkAnswer) => this.#settle(answer));
    started.on('error', (error) => this.#fail(started, error));
    started.on('exit', (code) => {
      this.#fail(started, new Error(`The bulk reader exited early (code ${code}).`));
    });
    return started;
  }

  /** Ends the reader once it has been idle for lingerMs; idle, it does not keep the process up. */
  #endWhenIdle(): void {
    if (this.#ending !== null || this.#worker === null) return;
    this.#worker.unref();
    this.#ending = setTimeout(() => {
      this.#ending = null;
      const idle = this.#worker;
      this.#worker = null;
      void idle?.terminate();
    }, lingerMs).unref();
  }

  /** Sends the next chunk, lstats first; ends the worker once nothing is left for a while. */
  #pump(): void {
    if (this.#inFlight !== null) return;
    const batch = this.#waiting.find((b) => b.kind === 'lstat') ?? this.#waiting[0];
    if (batch === undefined) return this.#endWhenIdle();
    if (this.#ending !== null) clearTimeout(this.#ending);
    this.#ending = null;
    this.#worker ??= this.#startReader();
    this.#worker.ref();
    const id = this.#nextId++;
    const paths = batch.paths.slice(batch.next, batch.next + chunkSize);
    batch.next += paths.length;
    this.#inFlight = { id, batch };
    this.#worker.postMessage({ id, kind: batch.kind, paths } satisfies BulkRequest);
  }

  #settle(answer: BulkAnswer): void {
    if (this.#inFlight === null || this.#inFlight.id !== answer.id) return;
    const { batch } = this.#inFlight;
    this.#inFlight = null;
    if ('error' in answer) {
      const { path, code, message } = answer.error;
      this.#waiting.splice(this.#waiting.indexOf(batch), 1);
      batch.reject(Object.assign(new Error(message), { code, path }));
    } else {
      for (const one of 'texts' in answer ? answer.texts : answer.facts) batch.answers.push(one);
      if (batch.next >= batch.paths.length) {
        this.#waiting.splice(this.#waiting.indexOf(batch), 1);
        batch.resolve(batch.answers);
      }
    }
    this.#pump();
  }

  /** The reader `from` failed: the batches waiting for it fail with it. */
  #fail(from: Worker, error: Error): void {
    if (this.#worker !== from) return;
    this.#worker = null;
    this.#inFlight = null;
    for (const batch of this.#waiting.splice(0)) batch.reject(error);
  }

  #inWorker<T>(kind: BulkRequest['kind'], paths: readonly string[]): Promise<T[]> {
    if (this.#closed) return Promise.reject(new Error('The bulk reader is closed.'));
    return new Promise((resolve, reject) => {
      this.#waiting.push({
        kind,
        paths,
        next: 0,
        answers: [],
        resolve: resolve as (answers: unknown[]) => void,
        reject,
      });
      this.#pump();
    });
  }
}

/** A small batch, with the same answers as the worker's, on the event loop. */
function onEventLoop<T>(paths: readonly string[], one: (path: string) => Promise<T>) {
  return pMap(
    paths,
    (path) =>
      one(path).catch((error: NodeJS.ErrnoException) => {
        if (isGone(error.code)) return null;
        // fs/promises leaves the path out of some errors (EISDIR on read): as the worker's.
        throw Object.assign(error, { path });
      }),
    // A few at a time: libuv's pool has 4 threads, and 255 reads queued at once (1,000 of its
    // tasks) made whatever else the server read wait behind them (a new image's config).
    { concurrency: 8 },
  );
}
