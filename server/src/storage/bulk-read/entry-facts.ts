import type { BigIntStats } from 'node:fs';

/*
 * What the worker and the event loop answer alike (bulk-read-worker.ts, bulk-read.ts): an
 * entry's lstat facts, and which errors mean the path is simply gone.
 */

export interface EntryFacts {
  dev: bigint;
  ino: bigint;
  isDirectory: boolean;
  mtimeMs: number;
}

export function entryFacts(stats: BigIntStats): EntryFacts {
  return {
    dev: stats.dev,
    ino: stats.ino,
    isDirectory: stats.isDirectory(),
    mtimeMs: Number(stats.mtimeMs),
  };
}

/** Gone while we read (a layer or container removed): it says nothing any more. */
export function isGone(code: string | undefined): boolean {
  return code === 'ENOENT' || code === 'ENOTDIR';
}
