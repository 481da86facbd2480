import { lstat, readFile } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../start-worker.js';
import type { BulkAnswer, BulkRequest, EntryFacts } from './bulk-read-worker.js';

export type { EntryFacts };

/*
 * Many small files read, and many entries lstat'ed, at once in one worker thread: the engine's
 * layer records (layerdb/sha256/<chain>/{cache-id,diff,size}: 5,000 chains make 15,000 files),
 * container mounts, image configs, and the thousands of directories a scan plans. Async calls
 * for each cost the event loop more than the walk of a million files costs the scan workers; a
 * worker making them synchronously costs it one message a batch.
 *
 * Only large batches go to the worker (a start-up, a scan after an image removal): it starts
 * with one and ends as soon as it is idle, since its isolate (10 to 20 MB) alive beside the scan
 * workers made the server's peak memory. The few files and entries an engine event brings are
 * read on the event loop, as before, without waiting for a worker to start.
 */
const inWorkerFrom = 256;
const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './bulk-read-worker.ts' : './bulk-read-worker.js',
  import.meta.url,
);

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let nextId = 0;
const pending = new Map<
  number,
  { resolve(answer: BulkAnswer): void; reject(error: Error): void }
>();

function settle(answer: BulkAnswer): void {
  const waiting = pending.get(answer.id);
  if (waiting === undefined) return;
  pending.delete(answer.id);
  if ('error' in answer) {
    const { path, code, message } = answer.error;
    waiting.reject(Object.assign(new Error(message), { code, path }));
  } else waiting.resolve(answer);
  if (pending.size === 0) {
    worker?.unref();
    idleTimer = setTimeout(() => void endBulkReader(), 0).unref();
  }
}

function failAll(error: Error): void {
  worker = null;
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
}

function ask(request: Omit<BulkRequest, 'id'>): Promise<BulkAnswer> {
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = null;
  if (worker === null) {
    const started = startWorker(workerFile, { maxYoungGenerationSizeMb: 4 });
    started.on('message', settle);
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`The bulk reader exited early (code ${code}).`));
    });
    worker = started;
  }
  worker.ref();
  const running = worker;
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    running.postMessage({ ...request, id } as BulkRequest);
  });
}

/** A small batch, with the same answers as the worker's, on the event loop. */
function onEventLoop<T>(paths: readonly string[], one: (path: string) => Promise<T>) {
  return Promise.all(
    paths.map((path) =>
      one(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
        throw error;
      }),
    ),
  );
}

/**
 * The files' contents as UTF-8 text, in order; null for a file that does not exist (ENOENT,
 * ENOTDIR). Any other error (EACCES, EISDIR, …) rejects the whole batch, with that error's code
 * and path.
 */
export async function readSmallFiles(paths: readonly string[]): Promise<(string | null)[]> {
  if (paths.length < inWorkerFrom) return onEventLoop(paths, (path) => readFile(path, 'utf8'));
  const answer = await ask({ kind: 'read', paths: [...paths] });
  return 'texts' in answer ? answer.texts : [];
}

/**
 * Each entry's lstat facts, exact (bigint dev and ino), in order; null for one that is gone.
 * Paths are latin1 strings (one character per byte). Other errors reject as readSmallFiles'.
 */
export async function lstatEntries(paths: readonly string[]): Promise<(EntryFacts | null)[]> {
  if (paths.length < inWorkerFrom) {
    return onEventLoop(paths, async (path) => {
      const stats = await lstat(Buffer.from(path, 'latin1'), { bigint: true });
      const { dev, ino, mtimeMs } = stats;
      return { dev, ino, isDirectory: stats.isDirectory(), mtimeMs: Number(mtimeMs) };
    });
  }
  const answer = await ask({ kind: 'lstat', paths: [...paths] });
  return 'facts' in answer ? answer.facts : [];
}

/**
 * Ends the idle reader now (the server is closing). One still reading for another caller (tests
 * build several apps in one process) ends by itself once idle.
 */
export async function endBulkReader(): Promise<void> {
  if (pending.size > 0) return;
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = null;
  const ending = worker;
  worker = null;
  await ending?.terminate();
}
