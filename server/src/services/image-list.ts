import type { ImageList, ImageListQuery } from '@footprint/shared';
import { isIdleFor } from '../domain/last-use.js';
import type { Inventory } from './inventory.js';
import type { LastUse } from './last-use.js';

/** The image list with each image's last use, optionally only those unused for N days. */
export class ImageListService {
  constructor(
    readonly inventory: Inventory,
    readonly lastUse: LastUse,
  ) {}

  async list(query: ImageListQuery): Promise<ImageList> {
    const summaries = await this.inventory.listImages();
    this.lastUse.observe(summaries.map((image) => image.id));
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
