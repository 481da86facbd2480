import { parentPort } from 'node:worker_threads';
import { nativeWalkTree } from './native-walk.js';
import { type WalkRequest, type WalkResult, walkTree } from './walk-tree.js';

/*
 * A scan worker: walks the directories the pool sends in a batch, one at a time, and posts
 * the results back. Progress goes out at most every 100 ms so a huge directory still moves
 * the bar. It walks in C where the addon is loaded (native-walk.ts), else in TypeScript.
 */

const walk =
  nativeWalkTree ??
  ((request: WalkRequest, onProgress?: (d: number, b: number) => void) =>
    walkTree(request, undefined, undefined, onProgress));

export interface WalkJob {
  jobId: number;
  root: Uint8Array;
  /** The device to stay on, as a decimal string (bigint does not cross threads as such). */
  device: string | null;
  shallow: string[];
  selfOnly: boolean;
  perChild: boolean;
}

export interface JobResult {
  jobId: number;
  result: WalkResult;
}

export type WorkerMessage =
  | { type: 'progress'; jobId: number; directoriesRead: number; diskBytes: number }
  | { type: 'results'; results: JobResult[] }
  | { type: 'error'; jobId: number; message: string };

/**
 * Results go back together, every 50 ms and at the end of a batch: one postMessage per result
 * took 60 µs of the worker's time, as much as walking a small layer directory.
 */
const flushMs = 50;
const progressMs = 100;

const port = parentPort;
let lastProgress = 0;

function toRequest(job: WalkJob): WalkRequest {
  return {
    root: Buffer.from(job.root),
    shallow: job.shallow,
    selfOnly: job.selfOnly,
    perChild: job.perChild,
    ...(job.device !== null ? { device: BigInt(job.device) } : {}),
  };
}

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

port?.on('message', (jobs: WalkJob[]) => {
  let results: JobResult[] = [];
  let flushedAt = Date.now();
  for (const job of jobs) {
    let result: WalkResult;
    try {
      result = walk(toRequest(job), (directoriesRead, diskBytes) => {
        const now = Date.now();
        if (now - lastProgress < progressMs) return;
        lastProgress = now;
        post({ type: 'progress', jobId: job.jobId, directoriesRead, diskBytes });
      });
    } catch (error) {
      post({ type: 'error', jobId: job.jobId, message: String(error) });
      return;
    }
    results.push({ jobId: job.jobId, result });
    const now = Date.now();
    if (now - flushedAt >= flushMs) {
      post({ type: 'results', results });
      results = [];
      flushedAt = now;
    }
  }
  if (results.length > 0) post({ type: 'results', results });
});
