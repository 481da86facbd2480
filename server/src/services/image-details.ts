import { type ImageDetail, isFullImageId } from '@footprint/shared';
import type { LayerDisks } from './disk-truth.js';
import type { Inventory } from './inventory.js';
import { RecentAnswers } from './recent-answers.js';

/** Details kept per version of the image set and disk figures: a page opens a handful. */
const maxKept = 32;

/**
 * GET /api/images/:id, kept. A detail is made of the image list joined with the layer chains
 * (image and container events change it: container counts), layerdb's records and the image
 * config (immutable for an image ID), the engine's inspect (graph driver directories and labels,
 * immutable too) and the disk figures of its layer directories (each scan). It was built per
 * request: an inspect, a layer record read per layer and a config read, then serialized, 100 KB
 * at the largest image of the benchmark (119 ms at p99 under load). It is now built once per
 * version of those: kept while the engine's event stream is followed and no image or container
 * event came (EngineSnapshot.keep: without the stream it is built per request, as before) and
 * while the disk figures are the same object (DiskTruth.layerDisks).
 */
export class ImageDetails {
  #kept: { version: object; disks: LayerDisks; answers: RecentAnswers<ImageDetail> } | null = null;

  constructor(
    readonly inventory: Inventory,
    readonly layerDisks: () => Promise<LayerDisks>,
  ) {}

  /** The same object while nothing it is made of changed. */
  async get(reference: string): Promise<ImageDetail> {
    const { answers, disks } = await this.#current();
    // An image ID asked again needs no engine round trip; a name or a short ID is resolved by
    // the engine first, as `docker image inspect` would (a tag may have moved).
    // The one spelling of an image ID that names no other image: sha256 and 64 hex digits.
    const id = isFullImageId(reference)
      ? reference
      : (await this.inventory.engine.inspectImage(reference)).id;
    return answers.get(id, () => this.inventory.getImage(id, disks));
  }

  /** The answers of this version: a new (empty) set after an event or a new measurement. */
  async #current(): Promise<{ answers: RecentAnswers<ImageDetail>; disks: LayerDisks }> {
    const [version, disks] = await Promise.all([
      // A new object after each image or container event; one per call without the stream.
      this.inventory.snapshot.keep('image-details', ['images', 'containers'], async () => ({})),
      this.layerDisks(),
    ]);
    const kept = this.#kept;
    if (kept?.version === version && kept.disks === disks) return kept;
    const answers = new RecentAnswers<ImageDetail>(maxKept);
    this.#kept = { version, disks, answers };
    return this.#kept;
  }
}
