import type {
  EngineDiskUsage,
  Health,
  ImageDetail,
  ImageSummary,
  LayerDetail,
  LayerDisk,
} from '@footprint/shared';
import pMap from 'p-map';
import { summarizeDiskUsage } from '../domain/disk-usage.js';
import { toImageSummary } from '../domain/images.js';
import { chainIds, imagesByChain } from '../domain/layers.js';
import type { EngineImage, ImageLayers } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { toHistoryFromConfig } from '../engine/mappers.js';
import { NotFoundError } from '../errors.js';
import { type LayerStoreAccess, openLayerStore } from '../storage/layer-store.js';

export interface InventoryOptions {
  /** The data root as this process sees it; null to use the engine's DockerRootDir. */
  dataRoot: string | null;
  /** Disk figures of a layer directory (services/disk-truth.ts); absent: never measured. */
  layerDisk?: (cacheId: string | null) => Promise<LayerDisk>;
}

const notMeasured: LayerDisk = {
  directory: null,
  diskBytes: null,
  apparentBytes: null,
  files: null,
  notMeasuredReason: 'This server does not measure the disk.',
};

/**
 * The image inventory: the engine's figures (/system/df) joined with each image's layer chain
 * and, where the data root is readable, the engine's layer metadata.
 */
export class Inventory {
  constructor(
    readonly engine: Engine,
    readonly options: InventoryOptions,
  ) {}

  async health(): Promise<Health> {
    const engine = await this.engine.status();
    return { status: engine.reachable ? 'ok' : 'engine-unreachable', engine };
  }

  async diskUsage(): Promise<EngineDiskUsage> {
    return summarizeDiskUsage(await this.engine.diskUsage());
  }

  async listImages(): Promise<ImageSummary[]> {
    const images = await this.#imagesWithLayers();
    return images.map(({ image, diffIds }) => toImageSummary(image, diffIds));
  }

  async getImage(reference: string): Promise<ImageDetail> {
    const inspected = await this.engine.inspectImage(reference);
    const images = await this.#imagesWithLayers();
    const entry = images.find(({ image }) => image.id === inspected.id);
    if (entry === undefined) {
      throw new NotFoundError('IMAGE_NOT_FOUND', `Image ${reference} was removed meanwhile.`);
    }
    const holders = imagesByChain(images.map(({ image, diffIds }) => ({ id: image.id, diffIds })));
    const summary = toImageSummary(entry.image, inspected.diffIds);
    const store = await this.#layerStore();
    const chain = chainIds(inspected.diffIds);

    const layers: LayerDetail[] = await Promise.all(
      inspected.diffIds.map(async (diffId, index) => {
        const chainId = chain[index] as string;
        const metadata = store.readable ? await store.store.readLayer(chainId) : null;
        const cacheId = metadata?.cacheId ?? null;
        return {
          diffId,
          chainId,
          cacheId,
          size: metadata?.size ?? null,
          sharedBy: holders.get(chainId) ?? [inspected.id],
          ...(this.options.layerDisk ? await this.options.layerDisk(cacheId) : notMeasured),
        };
      }),
    );
    const config = store.readable ? await store.store.readImageConfig(inspected.id) : null;
    const history =
      config !== null
        ? toHistoryFromConfig(config.history)
        : await this.engine.imageHistory(inspected.id, inspected.diffIds.length);

    return {
      ...summary,
      layers,
      history,
      graphDriver: inspected.graphDriver,
      labels: inspected.labels,
      layerMetadata: store.readable
        ? { readable: true, message: null }
        : { readable: false, message: store.message },
    };
  }

  async #layerStore(): Promise<LayerStoreAccess> {
    const info = await this.engine.storageInfo();
    return openLayerStore({
      dataRoot: this.options.dataRoot ?? info.dockerRootDir,
      driver: info.driver,
      containerdSnapshotter: info.containerdSnapshotter,
    });
  }

  /** Every image's ID and diff IDs (duplicated diffs are found from these). */
  async imageLayers(): Promise<ImageLayers[]> {
    const images = await this.#imagesWithLayers();
    return images.map(({ image, diffIds }) => ({ id: image.id, diffIds }));
  }

  /** The engine's images with their diff IDs; images removed while we look are left out. */
  async #imagesWithLayers(): Promise<{ image: EngineImage; diffIds: string[] }[]> {
    const { images } = await this.engine.diskUsage();
    this.engine.forgetImagesExcept(new Set(images.map((image) => image.id)));
    const withLayers = await pMap(
      images,
      async (image) => {
        const diffIds = await this.engine.diffIdsOf(image.id);
        return diffIds === null ? null : { image, diffIds };
      },
      { concurrency: 8 },
    );
    return withLayers.filter((entry) => entry !== null);
  }
}
