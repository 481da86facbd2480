import {
  type ImageSummary,
  type LayerList,
  type LayerSummary,
  summarizeLayers,
} from '@footprint/shared';
import { type ChainNode, chainNodes } from '../domain/layer-catalog.js';
import type { ImageLayers } from '../domain/types.js';
import { openEngineLayerStore } from '../storage/backends/engine-layer-store.js';
import type { LayerStoreRecord as LayerMetadata } from '../storage/backends/storage-backend.js';
import type { LayerDisks } from './disk-truth.js';
import type { Inventory } from './inventory.js';

/** The chains of one image set with their layer metadata, read in one batch. */
interface Chains {
  nodes: ChainNode[];
  metadata: (LayerMetadata | null)[];
  layerMetadata: LayerList['layerMetadata'];
}

/**
 * Every layer of every image once, with its recorded size and, when the data root was measured,
 * its size on disk: what the layer tree and the reuse view need, in one call.
 *
 * Kept: the chains and their metadata until the image set changes (an image event), the answer
 * until the disk figures change too (a scan). At 2,000 images it is 5,000 layers and 3 MB of
 * JSON, which every page that shows disk figures asks for; building it per request, with a
 * layer record read and a measurement for each layer, took half a second.
 */
export class LayerCatalog {
  #chains: { images: readonly ImageLayers[]; chains: Promise<Chains> } | null = null;
  #answer: { chains: Promise<Chains>; disks: LayerDisks; answer: Promise<LayerList> } | null = null;
  #summary: { list: LayerList; images: readonly ImageSummary[]; summary: LayerSummary } | null =
    null;

  constructor(
    readonly inventory: Inventory,
    readonly layerDisks: () => Promise<LayerDisks>,
  ) {}

  /** The same object while neither the image set nor the disk figures changed. */
  async list(): Promise<LayerList> {
    // Before the engine answered once in this run: the image layers kept from before (the
    // layers' figures are still read from layerdb and the disk measurement).
    const keptEngine = this.inventory.options.kept;
    const [images, disks] = await Promise.all([
      keptEngine === undefined
        ? this.inventory.imageLayers()
        : keptEngine
            .answer('layers', () => this.inventory.imageLayers())
            .then(({ value }) => value),
      this.layerDisks(),
    ]);
    const chains = this.#chainsOf(images);
    const kept = this.#answer;
    if (kept?.chains === chains && kept.disks === disks) return kept.answer;
    const answer = chains.then((read) => toLayerList(read, disks));
    this.#answer = { chains, disks, answer };
    answer.catch(() => {
      if (this.#answer?.answer === answer) this.#answer = null;
    });
    return answer;
  }

  /**
   * The list's sums for these images (the image list's answer): the same object while neither
   * the list nor the images changed.
   */
  async summary(images: readonly ImageSummary[]): Promise<LayerSummary> {
    const list = await this.list();
    const kept = this.#summary;
    if (kept?.list === list && kept.images === images) return kept.summary;
    const summary = summarizeLayers(list, images);
    this.#summary = { list, images, summary };
    return summary;
  }

  #chainsOf(images: readonly ImageLayers[]): Promise<Chains> {
    if (this.#chains?.images === images) return this.#chains.chains;
    const chains = this.#readChains(images);
    this.#chains = { images, chains };
    chains.catch(() => {
      if (this.#chains?.chains === chains) this.#chains = null;
    });
    return chains;
  }

  async #readChains(images: readonly ImageLayers[]): Promise<Chains> {
    const nodes = chainNodes(images);
    const store = await openEngineLayerStore(
      await this.inventory.snapshot.storageInfo(),
      this.inventory.options.dataRoot,
      this.inventory.options.pools,
    );
    if (!store.readable) {
      return {
        nodes,
        metadata: nodes.map(() => null),
        layerMetadata: { readable: false, message: store.message },
      };
    }
    return {
      nodes,
      metadata: await store.store.readLayers(nodes.map((node) => node.chainId)),
      layerMetadata: { readable: true, message: null },
    };
  }
}

function toLayerList({ nodes, metadata, layerMetadata }: Chains, disks: LayerDisks): LayerList {
  let notMeasuredReason: string | null = null;
  const layers: LayerList['layers'] = [];
  for (const [index, node] of nodes.entries()) {
    const cacheId = metadata[index]?.cacheId ?? null;
    const disk = disks.of(cacheId);
    if (disk.diskBytes === null) notMeasuredReason ??= disk.notMeasuredReason;
    layers.push({
      ...node,
      cacheId,
      size: metadata[index]?.size ?? null,
      diskBytes: disk.diskBytes,
    });
  }
  return {
    layers,
    layerMetadata,
    measured: notMeasuredReason === null && layers.length > 0,
    notMeasuredReason,
  };
}
