import { type StackedLayer, stackLayer } from '../domain/file-tree.js';
import type { LayerEntry } from '../domain/layer-entry.js';
import { chainIds } from '../domain/layers.js';
import type { Engine } from '../engine/engine.js';
import { AppError, ConflictError } from '../errors.js';
import { LayerContents } from '../storage/layer-contents.js';
import { type LayerStore, openLayerStore } from '../storage/layer-store.js';

/*
 * Per-layer indexes, built on first request and kept by chain ID. A chain ID names a layer
 * together with everything below it, and layers never change, so an index can only be dropped
 * (to bound memory), never go stale. Stacking a layer needs the merged tree below it, which is
 * the previous chain's entry: images sharing a base share its index.
 */

export interface ResolvedImage {
  id: string;
  repoTags: string[];
  diffIds: string[];
  chainIds: string[];
  store: LayerStore;
  contents: LayerContents;
}

interface IndexedLayer {
  entries: LayerEntry[];
  stacked: StackedLayer;
}

/** Entries kept across all cached layers before the least recently used are dropped. */
const defaultMaxEntries = 3_000_000;

export class LayerIndex {
  readonly #cache = new Map<string, { promise: Promise<IndexedLayer>; size: number }>();
  readonly #maxEntries: number;

  constructor(
    readonly engine: Engine,
    readonly options: { dataRoot: string | null; maxEntries?: number },
  ) {
    this.#maxEntries = options.maxEntries ?? defaultMaxEntries;
  }

  async resolve(reference: string): Promise<ResolvedImage> {
    const inspected = await this.engine.inspectImage(reference);
    const info = await this.engine.storageInfo();
    const access = await openLayerStore({
      dataRoot: this.options.dataRoot ?? info.dockerRootDir,
      driver: info.driver,
      containerdSnapshotter: info.containerdSnapshotter,
    });
    if (!access.readable) {
      throw new AppError(503, 'LAYER_STORE_UNREADABLE', access.message);
    }
    return {
      id: inspected.id,
      repoTags: inspected.repoTags,
      diffIds: inspected.diffIds,
      chainIds: chainIds(inspected.diffIds),
      store: access.store,
      contents: new LayerContents(access.store.dataRoot, access.store.driver),
    };
  }

  /** Layer `index` of the image, stacked on all below it. */
  layer(image: ResolvedImage, index: number): Promise<IndexedLayer> {
    const chainId = image.chainIds[index] as string;
    const cached = this.#cache.get(chainId);
    if (cached !== undefined) {
      // Most recently used last.
      this.#cache.delete(chainId);
      this.#cache.set(chainId, cached);
      return cached.promise;
    }
    const slot = { promise: this.#build(image, index), size: 0 };
    this.#cache.set(chainId, slot);
    slot.promise.then(
      (layer) => {
        slot.size = layer.entries.length;
        this.#evict(chainId);
      },
      () => this.#cache.delete(chainId),
    );
    return slot.promise;
  }

  /** Every layer of the image, bottom first. */
  async layers(image: ResolvedImage): Promise<IndexedLayer[]> {
    const top = image.chainIds.length - 1;
    if (top < 0) return [];
    await this.layer(image, top);
    return Promise.all(image.chainIds.map((_, index) => this.layer(image, index)));
  }

  async #build(image: ResolvedImage, index: number): Promise<IndexedLayer> {
    const chainId = image.chainIds[index] as string;
    const [entries, below] = await Promise.all([
      image.contents.entries(chainId),
      index === 0 ? null : this.layer(image, index - 1),
    ]);
    if (entries === null) {
      throw new ConflictError(
        'LAYER_INDEX_UNAVAILABLE',
        `The engine kept no file list (tar-split.json.gz) for layer ${index} (${chainId}) of ` +
          `${image.id}; its contents cannot be listed. Re-pulling or re-loading the image writes one.`,
      );
    }
    return { entries, stacked: stackLayer(entries, below?.stacked.merged ?? null, index) };
  }

  #evict(keep: string): void {
    let total = 0;
    for (const slot of this.#cache.values()) total += slot.size;
    for (const [chainId, slot] of this.#cache) {
      if (total <= this.#maxEntries) break;
      if (chainId === keep || slot.size === 0) continue;
      this.#cache.delete(chainId);
      total -= slot.size;
    }
  }
}
