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
import type { EngineSnapshot, EngineSnapshotEntry } from './engine-snapshot.js';
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

/** One df answer joined with every image's diff IDs: what most answers are made of. */
interface Joined {
  entry: EngineSnapshotEntry;
  images: { image: EngineImage; diffIds: string[] }[];
  summaries: ImageSummary[];
  layers: ImageLayers[];
  /** Image IDs by chain ID: which images hold each layer. */
  holders: Map<string, string[]>;
}

/**
 * The image inventory: the engine's figures (/system/df, kept by EngineSnapshot) joined with each
 * image's layer chain and, where the data root is readable, the engine's layer metadata. What is
 * derived from one df answer is derived once and kept beside it.
 */
export class Inventory {
  #joined: { entry: EngineSnapshotEntry; promise: Promise<Joined> } | null = null;

  constructor(
    readonly engine: Engine,
    readonly snapshot: EngineSnapshot,
    readonly options: InventoryOptions,
  ) {}

  async health(): Promise<Health> {
    const engine = await this.engine.status();
    return { status: engine.reachable ? 'ok' : 'engine-unreachable', engine };
  }

  async diskUsage(): Promise<EngineDiskUsage> {
    const { usage, takenAt } = await this.snapshot.get();
    return summarizeDiskUsage(usage, new Date(takenAt).toISOString());
  }

  async listImages(): Promise<ImageSummary[]> {
    return (await this.#join()).summaries;
  }

  async getImage(reference: string): Promise<ImageDetail> {
    const inspected = await this.engine.inspectImage(reference);
    const { images, holders } = await this.#join();
    const entry = images.find(({ image }) => image.id === inspected.id);
    if (entry === undefined) {
      throw new NotFoundError('IMAGE_NOT_FOUND', `Image ${reference} was removed meanwhile.`);
    }
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
    const info = await this.snapshot.storageInfo();
    return openLayerStore({
      dataRoot: this.options.dataRoot ?? info.dockerRootDir,
      driver: info.driver,
      containerdSnapshotter: info.containerdSnapshotter,
    });
  }

  /** Every image's ID and diff IDs (duplicated diffs are found from these). */
  async imageLayers(): Promise<ImageLayers[]> {
    return (await this.#join()).layers;
  }

  /** The current df answer joined with diff IDs, once per image set. */
  async #join(): Promise<Joined> {
    const entry = await this.snapshot.get();
    // Keyed by the images array: an answer re-asked with the same images keeps it.
    if (this.#joined?.entry.usage.images !== entry.usage.images) {
      const promise = this.#joinEntry(entry);
      this.#joined = { entry, promise };
      promise.catch(() => {
        if (this.#joined?.promise === promise) this.#joined = null;
      });
    }
    return (this.#joined as { promise: Promise<Joined> }).promise;
  }

  /** Images removed while we look are left out. */
  async #joinEntry(entry: EngineSnapshotEntry): Promise<Joined> {
    const { images } = entry.usage;
    this.engine.forgetImagesExcept(new Set(images.map((image) => image.id)));
    const store = await this.#layerStore();
    // A config this process cannot read is asked of the engine instead.
    const fromConfig = store.readable
      ? (id: string) =>
          store.store.readImageConfig(id).then(
            (config) => config?.rootfs?.diff_ids ?? null,
            () => null,
          )
      : undefined;
    const withLayers = (
      await pMap(
        images,
        async (image) => {
          const diffIds = await this.engine.diffIdsOf(image.id, fromConfig);
          return diffIds === null ? null : { image, diffIds };
        },
        { concurrency: 16 },
      )
    ).filter((joined) => joined !== null);
    const layers = withLayers.map(({ image, diffIds }) => ({ id: image.id, diffIds }));
    return {
      entry,
      images: withLayers,
      summaries: withLayers.map(({ image, diffIds }) => toImageSummary(image, diffIds)),
      layers,
      holders: imagesByChain(layers),
    };
  }
}
