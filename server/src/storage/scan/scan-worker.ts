import { parentPort } from 'node:worker_threads';
import { type WalkRequest, type WalkResult, walkTree } from './walk-tree.js';

/*
 * A scan worker: walks the directories the pool sends, one at a time, and posts each result
 * back. Progress goes out at most every 100 ms so a huge directory still moves the bar.
 */

export interface WalkJob {
  jobId: number;
  root: Uint8Array;
  /** The device to stay on, as a decimal string (bigint does not cross threads as such). */
  device: string | null;
  shallow: string[];
  selfOnly: boolean;
  perChild: boolean;
}

export type WorkerMessage =
  | { type: 'progress'; jobId: number; directoriesRead: number; diskBytes: number }
  | { type: 'result'; jobId: number; result: WalkResult }
  | { type: 'error'; jobId: number; message: string };

const port = parentPort;
port?.on('message', (job: WalkJob) => {
  const request: WalkRequest = {
    root: Buffer.from(job.root),
    shallow: job.shallow,
    selfOnly: job.selfOnly,
    perChild: job.perChild,
    ...(job.device !== null ? { device: BigInt(job.device) } : {}),
  };
  let last = 0;
  try {
    const result = walkTree(request, undefined, undefined, (directoriesRead, diskBytes) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      port.postMessage({ type: 'progress', jobId: job.jobId, directoriesRead, diskBytes });
    });
    port.postMessage({ type: 'result', jobId: job.jobId, result } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'error', jobId: job.jobId, message: String(error) });
  }
});
