import { lstatSync, readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { type EntryFacts, entryFacts, isGone } from './entry-facts.js';

/*
 * Reads batches of small files, and lstats batches of entries, synchronously and off the event
 * loop (bulk-read.ts). A sync read here is four syscalls; an async one on the main thread was
 * those plus a FileHandle, four promises and four trips through libuv's pool: 20,000 layer
 * records and 10,000 lstats cost the event loop 1.5 s of a cold start, and its collector more.
 */

export type BulkRequest =
  | { id: number; kind: 'read'; paths: string[] }
  /** Paths as latin1 strings: one character per byte, so names that are not UTF-8 survive. */
  | { id: number; kind: 'lstat'; paths: string[] };

export type BulkAnswer =
  | { id: number; texts: (string | null)[] }
  | { id: number; facts: (EntryFacts | null)[] }
  | { id: number; error: { path: string; code: string; message: string } };

const port = parentPort;
const exact = { bigint: true } as const;

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function lstat(path: string): EntryFacts {
  return entryFacts(lstatSync(Buffer.from(path, 'latin1'), exact));
}

/** Each path's answer in order; null for one that is gone (ENOENT, ENOTDIR). */
function each<T>(id: number, paths: string[], one: (path: string) => T): (T | null)[] | null {
  const answers = new Array<T | null>(paths.length);
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index] as string;
    try {
      answers[index] = one(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      if (isGone(code)) {
        answers[index] = null;
        continue;
      }
      const answer: BulkAnswer = { id, error: { path, code, message: (error as Error).message } };
      port?.postMessage(answer);
      return null;
    }
  }
  return answers;
}

port?.on('message', (request: BulkRequest) => {
  const { id, paths } = request;
  if (request.kind === 'read') {
    const texts = each(id, paths, read);
    if (texts !== null) port.postMessage({ id, texts } satisfies BulkAnswer);
  } else {
    const facts = each(id, paths, lstat);
    if (facts !== null) port.postMessage({ id, facts } satisfies BulkAnswer);
  }
});
