import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type {
  PruneItem,
  PruneItemResult,
  PrunePreview,
  PruneRequest,
  PruneResult,
  PruneStatus,
} from '@footprint/shared';
import { planPrune } from '../domain/prune-plan.js';
import { recheckItem } from '../domain/prune-recheck.js';
import { itemKey, type PruneSnapshot } from '../domain/prune-types.js';
import type { EngineActions } from '../engine/engine-actions.js';
import { AppError, ConflictError, EngineUnreachableError, NotFoundError } from '../errors.js';
import type { EventBus } from './event-bus.js';
import type { LastUse } from './last-use.js';
import { toCriteria } from './prune-criteria.js';
import {
  type DataRootMeasure,
  diskOutcome,
  measureDataRoot,
  previewDisk,
  type PruneDiskSource,
} from './prune-disk.js';
import type { PruneSnapshots } from './prune-snapshot.js';

interface StoredPreview {
  preview: PrunePreview;
  expires: number;
}

/** The engine declined to remove an item without an error: reported as skipped. */
class KeptError extends Error {}

const previewLifetimeMs = 10 * 60_000;
const maxStoredPreviews = 20;

/**
 * Prune with an exact preview. A preview is remembered (10 minutes, used once); confirming it
 * removes exactly its items, each by ID after checking it again, one prune at a time. The prune
 * runs to its end whatever the client does; its result stays readable in status().
 */
export class PruneService {
  readonly #previews = new Map<string, StoredPreview>();
  #running: { previewId: string; startedAt: string } | null = null;
  #last: PruneResult | null = null;

  constructor(
    readonly snapshots: PruneSnapshots,
    readonly actions: EngineActions,
    readonly lastUse: LastUse,
    readonly bus: EventBus,
    readonly disk: PruneDiskSource,
  ) {}

  status(): PruneStatus {
    return { running: this.#running !== null, last: this.#last };
  }

  async preview(request: PruneRequest): Promise<PrunePreview> {
    const now = new Date();
    const criteria = toCriteria(request, now);
    // Asked now, never from a kept answer: an untagged legacy build sends no image event.
    const snapshot = await this.snapshots.take();
    const plan = planPrune(snapshot, criteria);
    const onDisk = await previewDisk(plan, this.disk);
    const items = plan.items.map((item, index) => ({
      ...item,
      diskBytes: onDisk.itemBytes[index] ?? null,
    }));
    const total = (kind: PruneItem['kind']) => {
      const items = plan.items.filter((item) => item.kind === kind);
      return { count: items.length, bytes: items.reduce((sum, item) => sum + item.bytes, 0) };
    };
    const notes: string[] = [];
    if (plan.unsizedLayers.length > 0) {
      notes.push(
        `${plan.unsizedLayers.length} layer(s) have no recorded size and count as 0 bytes.`,
      );
    }
    if (plan.items.some((item) => !item.bytesKnown)) {
      notes.push('Some volumes report no size (their driver does not say); they count as 0.');
    }
    if (criteria.kinds.has('unused-for-days')) {
      notes.push(
        `Container use of images is known since ${this.lastUse.knownSince}; images not seen ` +
          'unused for the whole period are kept.',
      );
    }
    const preview: PrunePreview = {
      previewId: randomUUID(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + previewLifetimeMs).toISOString(),
      request,
      items,
      totals: {
        containers: total('container'),
        images: total('image'),
        volumes: total('volume'),
        buildCache: total('build-cache'),
      },
      totalBytes: plan.totalBytes,
      disk: onDisk.disk,
      lastUseKnownSince: this.lastUse.knownSince,
      notes,
    };
    this.#remember(preview);
    return preview;
  }

  /** Runs the preview's prune; a second call while one runs is refused with 409. */
  confirm(previewId: string): Promise<PruneResult> {
    if (this.#running !== null) {
      throw new ConflictError(
        'PRUNE_ALREADY_RUNNING',
        `A prune is already running (started ${this.#running.startedAt}). Wait for it to ` +
          'finish; GET /api/prune tells when, with its result.',
      );
    }
    this.#forgetExpired();
    const stored = this.#previews.get(previewId);
    if (stored === undefined) {
      throw new NotFoundError(
        'PREVIEW_NOT_FOUND',
        'This preview is unknown, expired or already used (previews last 10 minutes and run ' +
          'once). Preview again to see what a prune would remove now.',
      );
    }
    this.#previews.delete(previewId);
    const startedAt = new Date().toISOString();
    // Taken before the first await: two confirms can never both pass the check above.
    this.#running = { previewId, startedAt };
    return this.#run(stored.preview, startedAt).finally(() => {
      this.#running = null;
    });
  }

  async #run(preview: PrunePreview, startedAt: string): Promise<PruneResult> {
    const results: PruneItemResult[] = preview.items.map((item) => ({
      kind: item.kind,
      id: item.id,
      name: item.name,
      outcome: 'not-attempted',
      message: null,
      previewBytes: item.bytes,
      previewDiskBytes: item.diskBytes,
      reclaimedBytes: 0,
    }));
    let diskBefore: DataRootMeasure | null = null;
    let newSincePreview: PruneItem[] = [];
    let failure: AppError | null = null;
    const progress = (done: number, phase: 'running' | 'done' | 'failed') =>
      this.bus.publish({
        type: 'prune-progress',
        previewId: preview.previewId,
        done,
        total: preview.items.length,
        phase,
      });

    try {
      progress(0, 'running');
      const snapshot = await this.snapshots.take();
      const criteria = toCriteria(preview.request, new Date());
      const allowed = new Set(preview.items.map(itemKey));
      const plan = planPrune(snapshot, criteria, allowed);
      newSincePreview = planPrune(snapshot, criteria)
        .items.filter((item) => !allowed.has(itemKey(item)))
        .map((item) => ({ ...item, diskBytes: null }));
      diskBefore = await measureDataRoot(this.disk);
      for (const [index, item] of preview.items.entries()) {
        const result = results[index] as PruneItemResult;
        const check = recheckItem(item, snapshot, plan);
        if (check.outcome !== 'remove') {
          result.outcome = check.outcome;
          result.message = check.message;
        } else {
          try {
            result.reclaimedBytes = await this.#remove(item, snapshot);
            result.outcome = 'removed';
          } catch (error) {
            if (error instanceof KeptError) {
              result.outcome = 'skipped';
              result.message = error.message;
              progress(index + 1, 'running');
              continue;
            }
            if (!(error instanceof AppError)) throw error;
            result.outcome = error.statusCode === 404 ? 'gone' : 'failed';
            result.message = error.message;
            // The engine is away: stop here, the rest stays not-attempted.
            if (error instanceof EngineUnreachableError) throw error;
          }
        }
        progress(index + 1, 'running');
      }
      progress(preview.items.length, 'done');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failure = error;
      progress(results.filter((r) => r.outcome !== 'not-attempted').length, 'failed');
    } finally {
      this.bus.publish({
        type: 'inventory-changed',
        resources: ['images', 'containers', 'volumes', 'build-cache', 'disk'],
      });
    }
    // Measured, not copied: the data root scanned again now that the last removal is done.
    const diskAfter =
      diskBefore !== null && !('reason' in diskBefore) ? await measureDataRoot(this.disk) : null;

    const result: PruneResult = {
      previewId: preview.previewId,
      startedAt,
      finishedAt: new Date().toISOString(),
      complete: failure === null,
      items: results,
      previewBytes: preview.totalBytes,
      reclaimedBytes: results.reduce((sum, r) => sum + r.reclaimedBytes, 0),
      previewDisk: preview.disk,
      ...diskOutcome(diskBefore, diskAfter),
      newSincePreview,
      error: null,
    };
    if (failure !== null) {
      const removed = results.filter((r) => r.outcome === 'removed').length;
      const untouched = results.filter((r) => r.outcome === 'not-attempted').length;
      const message =
        `The prune stopped: ${failure.message} ${removed} of ${results.length} item(s) were ` +
        `removed before that and ${untouched} were not attempted; nothing else was touched. ` +
        'When the engine answers again, list again: the listing shows what is really left ' +
        '(GET /api/prune has the per-item result).';
      result.error = {
        statusCode: failure.statusCode,
        error: STATUS_CODES[failure.statusCode] ?? 'Error',
        code: failure.code,
        message,
      };
      this.#last = result;
      throw new AppError(failure.statusCode, failure.code, message);
    }
    this.#last = result;
    return result;
  }

  /** Removes one item by ID and returns the bytes that removal freed. */
  async #remove(item: PruneItem, snapshot: PruneSnapshot): Promise<number> {
    switch (item.kind) {
      case 'container': {
        await this.actions.removeContainer(item.id);
        return snapshot.containers.find((c) => c.id === item.id)?.sizeRw ?? 0;
      }
      case 'image': {
        const image = snapshot.images.find((i) => i.id === item.id);
        // Several tags need force (moby refuses "referenced in multiple repositories"); force
        // also passes a stopped container's soft conflict, so look at the containers once more
        // right before. Without force the engine itself refuses an image in use.
        const force = (image?.repoTags.length ?? 0) > 1;
        if (force) {
          const user = (await this.actions.containers()).find((c) => c.imageId === item.id);
          if (user !== undefined) {
            throw new ConflictError(
              'IMAGE_IN_USE',
              `Kept: now used by container ${user.name || user.id.slice(0, 12)} (${user.state}).`,
            );
          }
        }
        const { deleted } = await this.actions.removeImage(item.id, force);
        // The engine names each layer it released by chain ID: those bytes came back.
        return deleted.reduce((sum, id) => sum + (snapshot.layerSizes.get(id) ?? 0), 0);
      }
      case 'volume': {
        await this.actions.removeVolume(item.id);
        return Math.max(snapshot.volumes.find((v) => v.name === item.id)?.size ?? 0, 0);
      }
      case 'build-cache': {
        const record = snapshot.buildCache.find((r) => r.id === item.id);
        const response = await this.actions.removeBuildCacheRecord(item.id);
        if (!(response.CachesDeleted ?? []).includes(item.id)) {
          const still = (await this.actions.objects()).buildCache.some((r) => r.id === item.id);
          if (still) throw new KeptError('BuildKit kept this record (a build may be using it).');
        }
        // A shared record's data belongs to an image layer too: that stays on disk.
        return record?.shared ? 0 : response.SpaceReclaimed;
      }
    }
  }

  #remember(preview: PrunePreview): void {
    this.#forgetExpired();
    this.#previews.set(preview.previewId, {
      preview,
      expires: Date.parse(preview.expiresAt),
    });
    while (this.#previews.size > maxStoredPreviews) {
      const oldest = this.#previews.keys().next().value as string;
      this.#previews.delete(oldest);
    }
  }

  #forgetExpired(): void {
    const now = Date.now();
    for (const [id, stored] of this.#previews) {
      if (stored.expires <= now) this.#previews.delete(id);
    }
  }
}
