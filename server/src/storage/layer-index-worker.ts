import { parentPort } from 'node:worker_threads';
import { stackLayer } from '../domain/file-tree.js';
import { LayerBuilder } from '../domain/layer-builder.js';
import { MergedView } from '../domain/merged-view.js';
import { openPacked } from '../domain/packed-layer.js';
import { analyzeStack, type StackAnalysis } from '../domain/stack-analysis.js';
import { writeIndexFile } from './layer-index-files.js';
import { readTarSplit } from './layer-entries.js';
import { readLayerDirectory } from './layer-walk.js';

/*
 * A layer-index worker: parses a layer (its tar-split file, or its directory), stacks it on the
 * layers below (shared memory, no copy), writes the index file and hands the buffer back; or
 * analyses a whole stack. All of it off the event loop that answers requests.
 */

export type LayerSource = { kind: 'tar-split'; file: string } | { kind: 'directory'; dir: string };

export type IndexJob =
  | {
      type: 'build';
      jobId: number;
      chainId: string;
      layer: number;
      source: LayerSource;
      /** The stacked layers below, bottom first. */
      lower: SharedArrayBuffer[];
      /** Where to keep the index; null: memory only. */
      file: string | null;
    }
  | { type: 'analyze'; jobId: number; layers: SharedArrayBuffer[] };

export interface BuildProgress {
  entries: number;
  bytesRead: number | null;
  bytesTotal: number | null;
}

export type IndexWorkerMessage =
  | ({ type: 'progress'; jobId: number } & BuildProgress)
  | {
      type: 'built';
      jobId: number;
      buffer: SharedArrayBuffer;
      entries: number;
      /** Why the index could not be written to the state dir; null when it was (or not asked). */
      writeError: string | null;
      opaqueProblem: string | null;
    }
  | { type: 'analyzed'; jobId: number; result: StackAnalysis }
  | { type: 'error'; jobId: number; message: string };

const port = parentPort;

async function build(job: Extract<IndexJob, { type: 'build' }>): Promise<IndexWorkerMessage> {
  const builder = new LayerBuilder();
  let last = 0;
  const progress = (bytesRead: number | null, bytesTotal: number | null) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    port?.postMessage({
      type: 'progress',
      jobId: job.jobId,
      entries: builder.entries,
      bytesRead,
      bytesTotal,
    } satisfies IndexWorkerMessage);
  };
  let opaqueProblem: string | null = null;
  if (job.source.kind === 'tar-split') {
    await readTarSplit(
      job.source.file,
      (segments, entry) => builder.add(segments, entry),
      (read) => progress(read.bytesRead, read.bytesTotal),
    );
  } else {
    const read = await readLayerDirectory(
      job.source.dir,
      (segments, entry) => builder.add(segments, entry),
      (segments) => builder.markOpaque(segments),
      () => progress(null, null),
    );
    opaqueProblem = read.opaqueProblem;
  }
  const lower = job.lower.map((buffer) => openPacked(buffer, false));
  const packed = stackLayer(builder.finish(), lower.length > 0 ? new MergedView(lower) : null, {
    chainId: job.chainId,
    layer: job.layer,
    source: job.source.kind === 'tar-split' ? 'tar-split' : 'layer-directory',
    opaqueProblem,
  });
  let writeError: string | null = null;
  if (job.file !== null) {
    try {
      writeIndexFile(job.file, packed.buffer);
    } catch (error) {
      writeError = (error as Error).message;
    }
  }
  return {
    type: 'built',
    jobId: job.jobId,
    buffer: packed.buffer as SharedArrayBuffer,
    entries: builder.entries,
    writeError,
    opaqueProblem,
  };
}

port?.on('message', (job: IndexJob) => {
  const run = async (): Promise<IndexWorkerMessage> => {
    if (job.type === 'build') return build(job);
    const stack = job.layers.map((buffer) => openPacked(buffer, false));
    return { type: 'analyzed', jobId: job.jobId, result: analyzeStack(stack) };
  };
  run().then(
    (message) => port.postMessage(message),
    (error: unknown) =>
      port.postMessage({
        type: 'error',
        jobId: job.jobId,
        message: error instanceof Error ? error.message : String(error),
      } satisfies IndexWorkerMessage),
  );
});
