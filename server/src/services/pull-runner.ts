import { randomUUID } from 'node:crypto';
import type { PullPreview, PullRequest, PullState } from '@footprint/shared';
import type { FastifyBaseLogger } from 'fastify';
import { type EngineProgressMessage, PullProgress } from '../domain/pull-progress.js';
import type { Engine } from '../engine/engine.js';
import { pullFromEngine } from '../engine/engine-pull.js';
import { AppError, ConflictError, NotFoundError } from '../errors.js';
import { type DockerCredentials, toEngineAuthConfig } from '../registry/credentials.js';
import { familiarName, type ImageRef, parseImageReference } from '../registry/reference.js';
import { platformText, type PullPreviewer, type ResolvedPull } from './pull-preview.js';

/*
 * Pulls owned by the server: one keeps running when the page that started it closes, and a
 * page that comes back finds it by ID (GET /api/pull lists them). One pull per reference at a
 * time. The engine gets the credentials as X-Registry-Auth; they are in no state, event or log.
 */

export interface DiskGauge {
  /** The data root's du -B1 now (a scan), or why it is not measured. */
  measureNow(): Promise<{ diskBytes: number } | { reason: string }>;
}

type Listener = (state: PullState) => void;

interface Job {
  state: PullState;
  progress: PullProgress;
  abort: AbortController;
  listeners: Set<Listener>;
  timer: NodeJS.Timeout | null;
  key: string;
}

/** Progress goes out at most this often (the engine sends a message per 512 KiB or so). */
const notifyEveryMs = 250;
/** Finished pulls kept for a page that comes back. */
const keptFinished = 20;

export class PullRunner {
  readonly #jobs = new Map<string, Job>();
  readonly #active = new Map<string, string>();

  constructor(
    readonly engine: Engine,
    readonly previewer: PullPreviewer,
    readonly credentials: DockerCredentials,
    readonly disk: DiskGauge,
    readonly log: FastifyBaseLogger,
  ) {}

  /** Resolves once the pull has started (its preview made); the pull runs on. */
  async start(input: PullRequest): Promise<PullState> {
    // Reserved before the registry is asked, so two quick starts cannot both pass.
    const key = familiarName(parseImageReference(input.reference));
    const running = this.#active.get(key);
    if (running !== undefined) {
      throw new ConflictError(
        'PULL_RUNNING',
        `${key} is being pulled already: wait for that pull to end, or cancel it, before ` +
          'starting another of the same reference.',
      );
    }
    this.#active.set(key, 'starting');
    let resolved: ResolvedPull;
    try {
      resolved = await this.previewer.resolve({
        reference: input.reference,
        platform: input.platform ?? null,
      });
    } catch (error) {
      this.#active.delete(key);
      throw error;
    }
    const { ref, preview } = resolved;
    const id = randomUUID();
    const progress = new PullProgress(preview.layers);
    const job: Job = {
      state: {
        id,
        reference: preview.reference,
        platform: preview.platform,
        phase: 'measuring',
        startedAt: new Date().toISOString(),
        finishedAt: null,
        preview,
        layers: progress.layers(),
        totals: progress.totals(),
        error: null,
        result: null,
      },
      progress,
      abort: new AbortController(),
      listeners: new Set(),
      timer: null,
      key,
    };
    this.#active.set(key, id);
    this.#jobs.set(id, job);
    this.#forgetOld();
    // Owned by the runner, not the request: every failure ends in the job's state.
    void this.#run(job, ref, input).catch((error: unknown) => {
      this.log.error({ err: error, pull: id }, 'a pull ended unexpectedly');
    });
    return job.state;
  }

  get(id: string): PullState {
    return this.#job(id).state;
  }

  list(): PullState[] {
    return [...this.#jobs.values()].map((job) => job.state).reverse();
  }

  /** Aborts the engine request: the engine stops pulling. Already ended: nothing to do. */
  cancel(id: string): PullState {
    const job = this.#job(id);
    if (!isFinished(job.state)) job.abort.abort();
    return job.state;
  }

  /** Calls `listener` with the state now and on every change; returns the unsubscribe. */
  subscribe(id: string, listener: Listener): () => void {
    const job = this.#job(id);
    job.listeners.add(listener);
    listener(job.state);
    return () => job.listeners.delete(listener);
  }

  /** Cancels every running pull (the server is closing). */
  async close(): Promise<void> {
    for (const job of this.#jobs.values()) if (!isFinished(job.state)) job.abort.abort();
  }

  #job(id: string): Job {
    const job = this.#jobs.get(id);
    if (job === undefined)
      throw new NotFoundError('PULL_NOT_FOUND', `No pull ${id} on this server.`);
    return job;
  }

  async #run(job: Job, ref: ImageRef, input: PullRequest): Promise<void> {
    const base = { action: 'pull', by: 'session', pull: job.state.id, reference: job.key };
    const before = await this.disk.measureNow().catch((error: unknown) => ({
      reason: error instanceof Error ? error.message : String(error),
    }));
    this.#update(job, { phase: 'pulling' }, true);
    try {
      const credential = await this.credentials.get(ref.registry);
      const authconfig =
        credential === null
          ? null
          : (Object.fromEntries(
              Object.entries(toEngineAuthConfig(credential, ref.registry)).filter(
                ([, value]) => value !== undefined,
              ),
            ) as Record<string, string>);
      let streamError: string | null = null;
      await pullFromEngine(
        this.engine.client,
        {
          repository:
            ref.registry === 'docker.io'
              ? `docker.io/${ref.repository}`
              : `${ref.registry}/${ref.repository}`,
          tagOrDigest: ref.tag ?? ref.digest ?? 'latest',
          platform: input.platform ? platformText(input.platform) : null,
          authconfig,
          signal: job.abort.signal,
        },
        (message) => {
          const error = job.progress.apply(message as EngineProgressMessage, Date.now());
          if (error !== null && streamError === null) streamError = error;
          this.#update(job, {}, false);
        },
      );
      if (streamError !== null) throw new AppError(502, 'PULL_FAILED', streamError);
      job.progress.finish();
      const after = await this.disk.measureNow().catch((error: unknown) => ({
        reason: error instanceof Error ? error.message : String(error),
      }));
      const outcome = job.progress.outcome();
      const preview = job.state.preview;
      const measured = 'diskBytes' in before && 'diskBytes' in after;
      this.#update(
        job,
        {
          phase: 'done',
          result: {
            ...outcome,
            promisedDownloadBytes: preview.downloadBytes,
            promisedReusedLayers: preview.reusedLayers,
            agrees:
              outcome.downloadedBytes === preview.downloadBytes &&
              outcome.alreadyExistsLayers === preview.reusedLayers,
            disk: {
              gainedBytes: measured ? after.diskBytes - before.diskBytes : null,
              beforeBytes: 'diskBytes' in before ? before.diskBytes : null,
              afterBytes: 'diskBytes' in after ? after.diskBytes : null,
              reason: 'reason' in before ? before.reason : 'reason' in after ? after.reason : null,
            },
          },
        },
        true,
      );
      this.log.info({ ...base, ...summary(job.state) }, 'pull: done');
    } catch (error) {
      const cancelled = job.abort.signal.aborted;
      const message = cancelled
        ? 'Cancelled: the engine stopped pulling. Layers it finished stay on disk.'
        : error instanceof AppError
          ? error.message
          : `The pull failed: ${error instanceof Error ? error.message : String(error)}`;
      this.#update(job, { phase: cancelled ? 'cancelled' : 'failed', error: message }, true);
      this.log.info(
        {
          ...base,
          refused: { code: error instanceof AppError ? error.code : 'PULL_FAILED', message },
        },
        'pull: not done',
      );
    } finally {
      this.#active.delete(job.key);
    }
  }

  #update(job: Job, change: Partial<PullState>, now: boolean): void {
    const finished =
      change.phase !== undefined && change.phase !== 'measuring' && change.phase !== 'pulling';
    job.state = {
      ...job.state,
      ...change,
      layers: job.progress.layers(),
      totals: job.progress.totals(),
      ...(finished ? { finishedAt: new Date().toISOString() } : {}),
    };
    if (now) {
      this.#notify(job);
      return;
    }
    job.timer ??= setTimeout(() => this.#notify(job), notifyEveryMs);
  }

  #notify(job: Job): void {
    if (job.timer !== null) clearTimeout(job.timer);
    job.timer = null;
    for (const listener of [...job.listeners]) {
      try {
        listener(job.state);
      } catch (error) {
        this.log.error({ err: error }, 'a pull listener failed');
      }
    }
  }

  #forgetOld(): void {
    const finished = [...this.#jobs.values()].filter((job) => isFinished(job.state));
    for (const job of finished.slice(0, Math.max(0, finished.length - keptFinished))) {
      this.#jobs.delete(job.state.id);
    }
  }
}

export function isFinished(state: PullState): boolean {
  return state.phase === 'done' || state.phase === 'failed' || state.phase === 'cancelled';
}

function summary(state: PullState) {
  return {
    downloadedLayers: state.result?.downloadedLayers ?? null,
    downloadedBytes: state.result?.downloadedBytes ?? null,
    alreadyExistsLayers: state.result?.alreadyExistsLayers ?? null,
    promisedDownloadBytes: state.preview.downloadBytes,
    agrees: state.result?.agrees ?? null,
    diskGainedBytes: state.result?.disk.gainedBytes ?? null,
  };
}

export type { PullPreview };
