import type { ImageList, ImageListQuery, ImageSummary } from '@footprint/shared';
import { isIdleFor } from '../domain/last-use.js';
import type { Inventory } from './inventory.js';
import type { LastUse } from './last-use.js';

/**
 * The image list with each image's last use, optionally only those unused for N days. An answer
 * is kept while the inventory and the last-use record are the same, so that under load the same
 * object (and its serialized body, see routes/images) is handed out again.
 */
export class ImageListService {
  #kept: { summaries: ImageSummary[]; lastUseVersion: number; answer: ImageList } | null = null;

  constructor(
    readonly inventory: Inventory,
    readonly lastUse: LastUse,
  ) {}

  async list(query: ImageListQuery): Promise<ImageList> {
    const summaries = await this.inventory.listImages();
    if (this.#kept?.summaries !== summaries) {
      // A new image set: new images are seen from now on (last use counts from here).
      this.lastUse.observe(summaries.map((image) => image.id));
    }
    // "Unused for N days" moves with the clock: only the whole list is kept.
    if (query.unusedForDays !== undefined) return this.#build(summaries, query);
    const kept = this.#kept;
    if (kept?.summaries === summaries && kept.lastUseVersion === this.lastUse.version) {
      return kept.answer;
    }
    const answer = this.#build(summaries, query);
    this.#kept = { summaries, lastUseVersion: this.lastUse.version, answer };
    return answer;
  }

  #build(summaries: ImageSummary[], query: ImageListQuery): ImageList {
    const now = new Date();
    const images = summaries
      .map((image) => ({ ...image, lastUsed: this.lastUse.lastUsed(image.id) }))
      .filter(
        (image) =>
          query.unusedForDays === undefined ||
          isIdleFor(this.lastUse.idleSince(image.id), image.containers, query.unusedForDays, now),
      );
    return { images, lastUseKnownSince: this.lastUse.knownSince };
  }
}
