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
import { accountImages } from '../domain/image-accounting.js';
import { toImageSummary } from '../domain/images.js';
import { chainIds, imagesByChain } from '../domain/layers.js';
import type { EngineImage, ImageLayers } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import type { EngineSnapshot, EngineSnapshotEntry } from './engine-snapshot.js';
import { toHistoryFromConfig } from '../engine/mappers.js';
import { NotFoundError } from '../errors.js';
import { type LayerStore, type LayerStoreAccess, openLayerStore } from '../storage/layer-store.js';

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

/** The engine's images joined with their diff IDs: what most answers are made of. */
interface Joined {
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
  #joined: { source: EngineImage[]; promise: Promise<Joined> } | null = null;
  readonly #rows = new WeakMap<EngineSnapshotEntry, EngineDiskUsage>();
  /** Diff size by chain ID, from layerdb. */
  readonly #diffSizes = new Map<string, number>();

  constructor(
    readonly engine: Engine,
    readonly snapshot: EngineSnapshot,
    readonly options: InventoryOptions,
  ) {}

  async health(): Promise<Health> {
    const engine = await this.engine.status();
    return { status: engine.reachable ? 'ok' : 'engine-unreachable', engine };
  }

  /** The rows of `docker system df`; the same object for the same df answer. */
  async diskUsage(): Promise<EngineDiskUsage> {
    const entry = await this.snapshot.get();
    let rows = this.#rows.get(entry);
    if (rows === undefined) {
      rows = summarizeDiskUsage(entry.usage, new Date(entry.takenAt).toISOString());
      this.#rows.set(entry, rows);
    }
    return rows;
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

  /** The images joined with diff IDs, once per image set. */
  async #join(): Promise<Joined> {
    const images = await this.snapshot.keep('images', () => this.#engineImages());
    if (this.#joined?.source !== images) {
      const promise = this.#joinImages(images);
      this.#joined = { source: images, promise };
      promise.catch(() => {
        if (this.#joined?.promise === promise) this.#joined = null;
      });
    }
    return (this.#joined as { promise: Promise<Joined> }).promise;
  }

  /**
   * The image half of df. Where the layer store is readable, worked out from the image list,
   * the containers' image IDs and each layer's recorded diff size (domain/image-accounting.ts),
   * which is several times cheaper than df at 2,000 images; otherwise df's own.
   */
  async #engineImages(): Promise<EngineImage[]> {
    const store = await this.#layerStore();
    if (!store.readable) return (await this.snapshot.get()).usage.images;
    const [listed, containerImageIds] = await Promise.all([
      this.engine.listImages(),
      this.engine.containerImageIds(),
    ]);
    this.engine.forgetImagesExcept(new Set(listed.map((image) => image.id)));
    const fromConfig = configReader(store);
    const withChains = (
      await pMap(
        listed,
        async (image) => {
          const diffIds = await this.engine.diffIdsOf(image.id, fromConfig);
          return diffIds === null ? null : { ...image, chainIds: chainIds(diffIds) };
        },
        { concurrency: 16 },
      )
    ).filter((image) => image !== null);
    const chains = new Set(withChains.flatMap((image) => image.chainIds));
    const missing = [...chains].filter((chainId) => !this.#diffSizes.has(chainId));
    const read = await pMap(
      missing,
      (chainId) => store.store.readDiffSize(chainId).catch(() => null),
      { concurrency: 16 },
    );
    if (read.some((size) => size === null)) {
      // A layer removed while we read, or a record we cannot read: df knows.
      return (await this.snapshot.get()).usage.images;
    }
    // A chain ID names its content, and so its diff size, for good; chains no image has any
    // more are dropped, so the map stays as large as the host.
    read.forEach((size, index) => this.#diffSizes.set(missing[index] as string, size ?? 0));
    for (const chainId of this.#diffSizes.keys()) {
      if (!chains.has(chainId)) this.#diffSizes.delete(chainId);
    }
    return accountImages(
      withChains,
      (chainId) => this.#diffSizes.get(chainId) ?? 0,
      containerImageIds,
    );
  }

  /** Images removed while we look are left out. */
  async #joinImages(images: EngineImage[]): Promise<Joined> {
    const store = await this.#layerStore();
    const fromConfig = store.readable ? configReader(store) : undefined;
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
      images: withLayers,
      summaries: withLayers.map(({ image, diffIds }) => toImageSummary(image, diffIds)),
      layers,
      holders: imagesByChain(layers),
    };
  }
}

/** Diff IDs from the image config file; null (ask the engine) when it cannot be read. */
function configReader(store: { readable: true; store: LayerStore }) {
  return (id: string) =>
    store.store.readImageConfig(id).then(
      (config) => config?.rootfs?.diff_ids ?? null,
      () => null,
    );
}
