import type {
  ImageSummary,
  TagUpdate,
  UpdateList,
  UpdateProgress,
  UpdateSettings,
} from '@footprint/shared';
import type { FastifyBaseLogger } from 'fastify';
import {
  type DigestRef,
  imageState,
  isRegistryFailure,
  type TagRef,
  tagsChanged,
  tagsToFollow,
} from '../domain/update-state.js';
import { NotFoundError } from '../errors.js';
import type { PlatformSpec } from '../registry/manifest-types.js';
import { parseImageReference } from '../registry/reference.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { UpdateSchedule } from './update-check-schedule.js';
import {
  type KeptRateLimit,
  type KeptResult,
  type KeptUpdates,
  readKeptUpdates,
  writeKeptUpdates,
} from './update-check-store.js';
import { checkTag } from './update-check-tag.js';

export interface UpdateCheckDeps {
  client: Pick<RegistryClient, 'manifest'>;
  /** The images the pages show (the inventory's listImages: kept, refreshed by engine events). */
  images: () => Promise<LocalImage[]>;
  /** The engine's images asked now (GET /images/json): what a check compares. */
  freshImages: () => Promise<LocalImage[]>;
  /** The platform the engine records for an image; null when none. */
  platformOf: (id: string) => Promise<PlatformSpec | null>;
  stateDir: string | null;
  log: FastifyBaseLogger;
  /** Images checked at once (each asks its registry tag by tag); default 4. */
  concurrency?: number;
}

type Trigger = NonNullable<UpdateProgress['trigger']>;
/** What a check needs of an image. */
export type LocalImage = Pick<ImageSummary, 'id' | 'repoTags' | 'repoDigests'>;

/** Results are written at most this often while a run goes on, and once at its end. */
const writeEveryMs = 1000;

/**
 * Update checks of the local images: on request (POST /api/updates/check) and, when the
 * setting asks, on an interval that backs off while registries fail (update-check-schedule.ts).
 * One run at a time: a request during a run adds its images to it. A few images are checked at
 * once; results are kept with their time in the state directory and served by GET /api/updates.
 */
export class UpdateChecker {
  readonly #deps: UpdateCheckDeps;
  readonly #kept: KeptUpdates;
  readonly #results: Map<string, KeptResult>;
  readonly #rateLimits: Map<string, KeptRateLimit>;
  readonly #schedule: UpdateSchedule;
  #progress: UpdateProgress = {
    running: false,
    done: 0,
    total: 0,
    startedAt: null,
    finishedAt: null,
    trigger: null,
  };
  #queue: LocalImage[] = [];
  #queued = new Set<string>();
  /** Workers checking images now. */
  #active = 0;
  /** The run checks every image: results of images gone by its end are dropped. */
  #fullRun = false;
  #registryFailed = false;
  #retryAfterMs: number | null = null;
  #closed = false;
  #writeTimer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  private constructor(deps: UpdateCheckDeps, kept: KeptUpdates) {
    this.#deps = deps;
    this.#kept = kept;
    this.#results = new Map(kept.results.map((result) => [result.id, result]));
    this.#rateLimits = new Map(kept.rateLimits.map((limit) => [limit.registry, limit]));
    this.#schedule = new UpdateSchedule(() => this.#scheduled());
  }

  static async open(deps: UpdateCheckDeps): Promise<UpdateChecker> {
    const { kept, note } = await readKeptUpdates(deps.stateDir);
    if (note !== null) deps.log.warn(`Update checks: ${note}; starting with none.`);
    return new UpdateChecker(deps, kept);
  }

  /** Starts the interval, when the setting has one (the app calls this once it is ready). */
  start(): void {
    this.#reschedule();
  }

  async list(): Promise<UpdateList> {
    let images: Map<string, LocalImage> | null = null;
    try {
      images = new Map((await this.#deps.images()).map((image) => [image.id, image]));
    } catch {
      // The engine does not answer: the kept results are all there is to show.
    }
    const results = [...this.#results.values()].flatMap((result) => {
      const image = images?.get(result.id);
      if (images !== null && image === undefined) return [];
      return [
        { ...result, tagsChanged: image ? tagsChanged(result.repoTags, image.repoTags) : false },
      ];
    });
    return {
      results,
      progress: { ...this.#progress },
      settings: { ...this.#kept.settings },
      nextCheckAt: this.#schedule.nextAt,
      rateLimits: [...this.#rateLimits.values()],
    };
  }

  /**
   * Checks these images (by ID; 404 naming one the engine does not list), or every image.
   * Answers at once with the progress: the run goes on in the server.
   */
  async check(ids?: readonly string[], trigger: Trigger = 'request'): Promise<UpdateProgress> {
    // Asked now, not the pages' kept list: a tag moved a moment ago must be the one compared.
    const images = await this.#deps.freshImages();
    let targets = images;
    if (ids !== undefined) {
      const byId = new Map(images.map((image) => [image.id, image]));
      const missing = ids.find((id) => !byId.has(id));
      if (missing !== undefined) {
        throw new NotFoundError('IMAGE_NOT_FOUND', `No image ${missing} on this engine now.`);
      }
      targets = ids.map((id) => byId.get(id) as LocalImage);
    }
    const fresh = targets.filter((image) => !this.#queued.has(image.id));
    if (!this.#progress.running) {
      this.#progress = {
        running: true,
        done: 0,
        total: 0,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        trigger,
      };
      this.#fullRun = ids === undefined;
      this.#registryFailed = false;
      this.#retryAfterMs = null;
    } else {
      this.#fullRun ||= ids === undefined;
    }
    this.#enqueue(fresh);
    this.#pump();
    // Nothing to check (every image asked for is queued already, or there are none).
    if (this.#active === 0) await this.#finish();
    return { ...this.#progress };
  }

  async setSettings(settings: UpdateSettings): Promise<UpdateSettings> {
    this.#kept.settings = { intervalMinutes: settings.intervalMinutes };
    this.#reschedule();
    await this.#write();
    return { ...this.#kept.settings };
  }

  /** Stops the interval and queued checks, and writes what was found so far. */
  async close(): Promise<void> {
    this.#schedule.stop();
    this.#queue = [];
    if (this.#writeTimer !== null) clearTimeout(this.#writeTimer);
    await this.#write();
    this.#closed = true;
  }

  #enqueue(images: readonly LocalImage[]): void {
    for (const image of images) {
      this.#queue.push(image);
      this.#queued.add(image.id);
    }
    this.#progress.total += images.length;
  }

  /**
   * Starts workers up to the concurrency while images wait: also for images a request adds to
   * a run under way, so they are checked as many at a time as a run's first ones.
   */
  #pump(): void {
    const limit = this.#deps.concurrency ?? 4;
    while (this.#active < limit && this.#queue.length > 0 && !this.#closed) {
      this.#active += 1;
      void this.#work()
        .catch((error: unknown) => {
          this.#deps.log.error({ err: error }, 'an update check worker failed');
        })
        .finally(() => {
          this.#active -= 1;
          // A worker ends only on an empty queue: the last one to end ends the run.
          if (this.#active === 0) {
            this.#finish().catch((error: unknown) => {
              this.#deps.log.error({ err: error }, 'the update check run did not end cleanly');
            });
          }
        });
    }
  }

  async #work(): Promise<void> {
    for (let image = this.#queue.shift(); image; image = this.#queue.shift()) {
      const checking = image;
      const result = await this.#checkImage(checking).catch((error: unknown): KeptResult => ({
        id: checking.id,
        state: 'failed',
        checkedAt: new Date().toISOString(),
        repoTags: checking.repoTags,
        tags: [],
        message: `The check failed: ${(error as Error).message}`,
      }));
      this.#queued.delete(checking.id);
      if (this.#closed) return;
      this.#results.set(checking.id, result);
      this.#progress.done += 1;
      this.#writeSoon();
    }
  }

  /** The run is over: said at once (a request from now on starts a new run), then kept. */
  async #finish(): Promise<void> {
    if (this.#closed || !this.#progress.running) return;
    const finishedAt = new Date().toISOString();
    const fullRun = this.#fullRun;
    this.#progress = { ...this.#progress, running: false, finishedAt };
    this.#kept.lastRunAt = finishedAt;
    this.#schedule.ran(this.#registryFailed, this.#retryAfterMs);
    this.#reschedule();
    if (fullRun) {
      // Results of images gone since are dropped (a full run saw every image there was).
      const live = new Set((await this.#deps.freshImages().catch(() => null))?.map((i) => i.id));
      if (live.size > 0) {
        for (const id of this.#results.keys()) if (!live.has(id)) this.#results.delete(id);
      }
    }
    await this.#write();
  }

  async #checkImage(image: LocalImage): Promise<KeptResult> {
    const checkedAt = new Date().toISOString();
    const digests = image.repoDigests.flatMap((text): DigestRef[] => {
      const ref = safeParse(text);
      return ref?.digest
        ? [{ registry: ref.registry, repository: ref.repository, digest: ref.digest }]
        : [];
    });
    const tags = image.repoTags.flatMap((text): TagRef[] => {
      const ref = safeParse(text);
      return ref?.tag && ref.digest === null
        ? [{ registry: ref.registry, repository: ref.repository, tag: ref.tag, reference: text }]
        : [];
    });
    const follow = tagsToFollow(tags, digests);
    const facts = { hasRepoDigests: digests.length > 0, followedTags: follow.length };
    const base = { id: image.id, checkedAt, repoTags: image.repoTags };
    if (follow.length === 0) {
      const state = imageState(facts, []);
      return {
        ...base,
        state,
        tags: [],
        message:
          state === 'not-from-a-registry'
            ? 'Built or loaded on this engine (no RepoDigests): no registry tag to compare with.'
            : 'Pulled by digest, or its registry tags now name other images here: no tag to follow.',
      };
    }
    const platform = await this.#deps.platformOf(image.id);
    if (platform === null) {
      return {
        ...base,
        state: 'failed',
        tags: [],
        message: 'The engine records no platform for this image.',
      };
    }
    const local = { id: image.id, digests: digests.map((d) => d.digest), platform };
    const results: TagUpdate[] = [];
    for (const tag of follow) {
      if (this.#closed) break;
      const { result, retryAfterMs } = await checkTag(this.#deps.client, tag, local);
      results.push(result);
      this.#noteRegistry(result, retryAfterMs);
    }
    const state = imageState(
      facts,
      results.map((result) => result.state),
    );
    const failing = results.find((result) => result.state === state && result.message !== null);
    return { ...base, state, tags: results, message: failing?.message ?? null };
  }

  #noteRegistry(result: TagUpdate, retryAfterMs: number | null): void {
    if (isRegistryFailure(result.state)) this.#registryFailed = true;
    if (retryAfterMs !== null) this.#retryAfterMs = Math.max(this.#retryAfterMs ?? 0, retryAfterMs);
    if (result.rateLimit !== null) {
      this.#rateLimits.set(result.registry, {
        registry: result.registry,
        ...result.rateLimit,
        at: new Date().toISOString(),
      });
    }
  }

  #scheduled(): void {
    if (this.#closed) return;
    this.check(undefined, 'interval').catch((error: unknown) => {
      this.#deps.log.warn({ err: error }, 'the scheduled update check could not start');
      this.#schedule.ran(true, null);
      this.#reschedule();
    });
  }

  #reschedule(): void {
    if (this.#closed) return;
    this.#schedule.plan(this.#kept.settings.intervalMinutes, this.#kept.lastRunAt);
  }

  #writeSoon(): void {
    if (this.#writeTimer !== null || this.#deps.stateDir === null) return;
    this.#writeTimer = setTimeout(() => {
      this.#writeTimer = null;
      this.#write().catch(() => {});
    }, writeEveryMs);
    this.#writeTimer.unref();
  }

  /** One write at a time, each of the state as it is when it starts. */
  #write(): Promise<void> {
    const dir = this.#deps.stateDir;
    if (dir === null || this.#closed) return Promise.resolve();
    this.#writing = this.#writing.then(async () => {
      this.#kept.results = [...this.#results.values()];
      this.#kept.rateLimits = [...this.#rateLimits.values()];
      await writeKeptUpdates(dir, this.#kept).catch((error: unknown) => {
        this.#deps.log.warn({ err: error }, 'the update check results could not be kept');
      });
    });
    return this.#writing;
  }
}

function safeParse(text: string) {
  try {
    return parseImageReference(text);
  } catch {
    return null;
  }
}
