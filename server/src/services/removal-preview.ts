import type { ImageRemovalList, RemovalPreview } from '@footprint/shared';
import { planImageRemoval } from '../domain/prune-plan.js';
import type { ImageRemover } from './image-removal.js';
import { measuredAround, previewDisk, type PruneDiskSource } from './prune-disk.js';
import type { PruneSnapshots } from './prune-snapshot.js';

/*
 * Removing images chosen by hand, with the same two measures as a prune: before, what each frees
 * as the engine counts it and on disk; after, what the data root really lost.
 */
export class MeasuredRemoval {
  constructor(
    readonly remover: ImageRemover,
    readonly snapshots: PruneSnapshots,
    readonly disk: PruneDiskSource,
  ) {}

  /** POST /api/images/remove/preview: asked now, never from a kept image list. */
  async preview(ids: readonly string[]): Promise<RemovalPreview> {
    const plan = planImageRemoval(await this.snapshots.take(), ids);
    const onDisk = await previewDisk(plan, this.disk);
    return {
      images: plan.items.map((item, index) => ({
        id: item.id,
        bytes: item.bytes,
        diskBytes: onDisk.itemBytes[index] ?? null,
      })),
      totalBytes: plan.totalBytes,
      disk: onDisk.disk,
    };
  }

  /** POST /api/images/remove: each image by ID, the data root measured around them. */
  async removeMany(ids: string[], force: boolean): Promise<ImageRemovalList> {
    const { value, disk, diskNote } = await measuredAround(this.disk, () =>
      this.remover.removeMany(ids, force),
    );
    return { results: value, disk, diskNote };
  }
}
