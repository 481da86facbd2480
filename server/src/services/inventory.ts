import {
  type EngineDiskUsage,
  type Health,
  type ImageDetail,
  type ImageSummary,
  isFullImageId,
  type LayerDetail,
} from '@footprint/shared';
import pMap from 'p-map';
import { summarizeDiskUsage } from '../domain/disk-usage.js';
import { accountImages, type ListedImage } from '../domain/image-accounting.js';
import { toImageSummary } from '../domain/images.js';
import { chainIds, imagesByChain } from '../domain/layers.js';
import type { EngineImage, ImageLayers } from '../domain/types.js';
import { listContainersWithSize, updateContainerSizes } from '../engine/container-sizes.js';
import type { Engine, ListedImageFacts } from '../engine/engine.js';
import type { EngineContainerSummary } from '../domain/containers.js';
import type { EngineChange } from '../domain/scan-scope.js';
import type { EngineSnapshot, EngineSnapshotEntry } from './engine-snapshot.js';
import type { KeptEngine } from './kept-engine.js';
import type { LayerDisks } from './disk-measurement.js';
import { toHistoryFromConfig } from '../engine/mappers.js';
import { NotFoundError } from '../errors.js';
import { openEngineLayerStore } from '../storage/backends/engine-layer-store.js';
import type { StorageWorkers } from '../storage/storage-workers.js';
import type { LayerStoreAccess, LayerStoreReader } from '../storage/backends/storage-backend.js';

export interface InventoryOptions {
  /** The data root as this process sees it; null to use the engine's DockerRootDir. */
  dataRoot: string | null;
  /** The app's worker threads (the layer records are read in bulk there). */
  pools: StorageWorkers;
  /** The engine's answers kept from before this start, for the pages' first answers. */
  kept?: KeptEngine;
}

/** How old the engine's container sizes may be (as the df answer's, EngineSnapshot). */
const containerSizesMaxAgeMs = 15_000;

/** Image events whose image an inspect tells the whole truth about. */
const updatableActions = new Set(['tag', 'untag', 'delete', 'load', 'import', 'pull']);
/** More images changed than this: listing them all is as quick. */
const maxInspected = 20;

/** An image row of GET /images/json with its diff IDs and chain IDs. */
type ImageRow = ListedImage & { diffIds: readonly string[] };

/** The image rows and what follows from them alone: only image events change these. */
interface ImageRows {
  rows: ImageRow[];
  layers: ImageLayers[];
  /** Image IDs by chain ID: which images hold each layer. */
  holders: Map<string, string[]>;
  /** Diff size by chain ID, from layerdb. */
  diffSizes: ReadonlyMap<string, number>;
}

/** The engine's images joined with their diff IDs: what most answers are made of. */
interface Joined {
  images: { image: EngineImage; diffIds: readonly string[] }[];
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
  #accounted: {
    rows: ImageRows;
    containerImageIds: readonly string[];
    images: EngineImage[];
  } | null = null;
  readonly #rows = new WeakMap<EngineSnapshotEntry, EngineDiskUsage>();
  /** Diff size by chain ID, from layerdb. */
  readonly #diffSizes = new Map<string, number>();

  constructor(
    readonly engine: Engine,
    readonly snapshot: EngineSnapshot,
    readonly options: InventoryOptions,
  ) {}

  async health(): Promise<Health> {
    const engine = await this.snapshot.status();
    return { status: engine.reachable ? 'ok' : 'engine-unreachable', engine };
  }

  /** The rows of `docker system df`; the same object for the same df answer. */
  async diskUsage(): Promise<EngineDiskUsage> {
    // After container events only: the kept df answer with the containers and the images'
    // container counts brought up to date (both worked out as the engine works them out).
    const entry = await this.snapshot.getUpdated(async (kept) => {
      const [{ images, rows }, containers] = await Promise.all([
        this.#engineImages(),
        this.containersWithSize(),
      ]);
      return rows === null ? null : { ...kept.usage, images, containers };
    });
    let rows = this.#rows.get(entry);
    if (rows === undefined) {
      rows = summarizeDiskUsage(entry.usage, new Date(entry.takenAt).toISOString());
      this.#rows.set(entry, rows);
    }
    return rows;
  }

  /**
   * `docker ps -a -s`'s list (it walks only the writable layers, where df also walks every
   * volume and the build cache), kept like the engine's other answers: after container events
   * only the containers they name are sized again, and the whole list is asked again once
   * 15 s old (a running container writes without an event).
   */
  containersWithSize(): Promise<EngineContainerSummary[]> {
    return this.snapshot.keep(
      'containers-sized',
      ['containers'],
      () => listContainersWithSize(this.engine),
      (previous: EngineContainerSummary[], changes) =>
        updateContainerSizes(this.engine, previous, changes),
      containerSizesMaxAgeMs,
    );
  }

  async listImages(): Promise<ImageSummary[]> {
    return (await this.#join()).summaries;
  }

  /**
   * One image with its layers; each layer's disk figures come from `disks` (DiskTruth.layerDisks,
   * which the caller already holds), so the inventory needs nothing from the disk side.
   */
  async getImage(reference: string, disks: LayerDisks): Promise<ImageDetail> {
    const inspected = await this.engine.inspectImage(reference);
    const { images, holders } = await this.#join();
    const entry = images.find(({ image }) => image.id === inspected.id);
    if (entry === undefined) {
      throw new NotFoundError('IMAGE_NOT_FOUND', `Image ${reference} was removed meanwhile.`);
    }
    const summary = toImageSummary(entry.image);
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
          ...disks.of(cacheId),
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
    return openEngineLayerStore(
      await this.snapshot.storageInfo(),
      this.options.dataRoot,
      this.options.pools,
    );
  }

  /** Every image's ID and diff IDs (duplicated diffs are found from these). */
  async imageLayers(): Promise<ImageLayers[]> {
    // Only image events change them: a container event does not make the disk answer wait
    // for a new image list.
    const rows = await this.#imageRows();
    return rows !== null ? rows.layers : (await this.#join()).layers;
  }

  /** The images joined with diff IDs, once per image set. */
  async #join(): Promise<Joined> {
    const { images, rows } = await this.#engineImages();
    if (this.#joined?.source !== images) {
      const promise = this.#joinImages(images, rows);
      this.#joined = { source: images, promise };
      promise.catch(() => {
        if (this.#joined?.promise === promise) this.#joined = null;
      });
    }
    return (this.#joined as { promise: Promise<Joined> }).promise;
  }

  /**
   * The image half of df. Where the layer store is readable, worked out from the image rows,
   * the containers' image IDs and each layer's recorded diff size (domain/image-accounting.ts),
   * which is several times cheaper than df at 2,000 images; otherwise df's own. A container
   * event asks only for the container list again.
   */
  async #engineImages(): Promise<{ images: EngineImage[]; rows: ImageRows | null }> {
    const [rows, containerImageIds] = await Promise.all([
      this.#imageRows(),
      this.snapshot.keep('container-image-ids', ['containers'], () =>
        this.engine.containerImageIds(),
      ),
    ]);
    if (rows === null) return { images: (await this.snapshot.get()).usage.images, rows };
    // Podman's image figures are not the layer accounting's: its Size adds each image's config
    // and manifest, its SharedSize is the parent image's size (engine/podman-compat.ts): they are
    // its own df's. The kind is the connection's (its /version, asked once), not a fresh /info.
    if ((await this.engine.kind()) === 'podman') {
      return { images: (await this.snapshot.get()).usage.images, rows };
    }
    const accounted = this.#accounted;
    if (accounted?.rows === rows && accounted.containerImageIds === containerImageIds) {
      return { images: accounted.images, rows };
    }
    const images = accountImages(
      rows.rows,
      (chainId) => rows.diffSizes.get(chainId) ?? 0,
      containerImageIds,
    );
    this.#accounted = { rows, containerImageIds, images };
    return { images, rows };
  }

  /**
   * GET /images/json with every image's diff IDs (from its config file) and its chains' diff
   * sizes (layerdb), kept until an image event and then brought up to date from the events
   * (#updateRows); null where the layer store cannot be read.
   */
  #imageRows(): Promise<ImageRows | null> {
    return this.snapshot.keep(
      'image-rows',
      ['images'],
      () => this.#listRows(),
      (previous, changes) => this.#updateRows(previous, changes),
    );
  }

  async #listRows(): Promise<ImageRows | null> {
    const store = await this.#layerStore();
    if (!store.readable) return null;
    return this.#toRows(store, await this.engine.listImages());
  }

  /**
   * The rows after these image events, from one inspect per image they name instead of listing
   * 2,000 images again: a tag is on one image at most, so the tags and digests an inspected
   * image has are taken off every other row (the image a tag moved away from gets no event of
   * its own). Null (list again) for any other change; listed again, too, when a name an event
   * gives (a pull names the reference) finds no image.
   */
  #updateRows(
    previous: ImageRows | null,
    changes: readonly EngineChange[],
  ): Promise<ImageRows | null> | null {
    const actors = new Set<string>();
    for (const { type, action, actorId } of changes) {
      if (previous === null || type !== 'image' || actorId === null) return null;
      if (!updatableActions.has(action)) return null;
      actors.add(actorId);
    }
    if (previous === null || actors.size > maxInspected) return null;
    return (async () => {
      const store = await this.#layerStore();
      if (!store.readable) return null;
      const byId = new Map<string, ListedImageFacts>(previous.rows.map((row) => [row.id, row]));
      for (const actor of actors) {
        const image = await this.engine.listedImage(actor);
        if (image === null) {
          // An ID that is gone is gone; a name that is gone says nothing of which image it was.
          if (!isFullImageId(actor)) return this.#listRows();
          byId.delete(actor);
          continue;
        }
        const names = new Set([...image.repoTags, ...image.repoDigests]);
        for (const [id, row] of byId) {
          if (id === image.id || ![...row.repoTags, ...row.repoDigests].some((n) => names.has(n)))
            continue;
          byId.set(id, {
            ...row,
            repoTags: row.repoTags.filter((name) => !names.has(name)),
            repoDigests: row.repoDigests.filter((name) => !names.has(name)),
          });
        }
        byId.set(image.id, image);
      }
      return this.#toRows(store, [...byId.values()]);
    })();
  }

  /** Each listed image with its diff IDs, chains and their diff sizes. */
  async #toRows(
    store: { readable: true; store: LayerStoreReader },
    listed: ListedImageFacts[],
  ): Promise<ImageRows | null> {
    this.engine.forgetImagesExcept(new Set(listed.map((image) => image.id)));
    const fromConfig = await this.#configsReader(store, listed);
    const rows = (
      await pMap(
        listed,
        async (image) => {
          const diffIds =
            this.engine.knownDiffIds(image.id) ??
            (await this.engine.diffIdsOf(image.id, fromConfig));
          return diffIds === null ? null : { ...image, diffIds, chainIds: chainIds(diffIds) };
        },
        { concurrency: 16 },
      )
    ).filter((image) => image !== null);
    const chains = new Set(rows.flatMap((image) => image.chainIds));
    const missing = [...chains].filter((chainId) => !this.#diffSizes.has(chainId));
    const read = await store.store.readDiffSizes(missing).catch(() => missing.map(() => null));
    // A layer removed while we read, or a record we cannot read: df knows.
    if (read.some((size) => size === null)) return null;
    // A chain ID names its content, and so its diff size, for good; chains no image has any
    // more are dropped, so the map stays as large as the host.
    read.forEach((size, index) => this.#diffSizes.set(missing[index] as string, size ?? 0));
    for (const chainId of this.#diffSizes.keys()) {
      if (!chains.has(chainId)) this.#diffSizes.delete(chainId);
    }
    const layers = rows.map(({ id, diffIds }) => ({ id, diffIds }));
    // Its own sizes: the next image event's rows change the kept map while these may still
    // be accounted.
    const diffSizes = new Map(
      [...chains].map((chainId) => [chainId, this.#diffSizes.get(chainId) ?? 0]),
    );
    return { rows, layers, holders: imagesByChain(layers), diffSizes };
  }

  /** Images removed while we look are left out. */
  async #joinImages(images: EngineImage[], rows: ImageRows | null): Promise<Joined> {
    if (rows !== null) {
      // From the rows, in their order (accountImages keeps it): nothing to read again.
      const withLayers = images.map((image, index) => ({
        image,
        diffIds: (rows.rows[index] as ImageRow).diffIds,
      }));
      return { ...joined(withLayers), layers: rows.layers, holders: rows.holders };
    }
    const withLayers = await this.#withDiffIds(images);
    const layers = withLayers.map(({ image, diffIds }) => ({ id: image.id, diffIds }));
    return { ...joined(withLayers), layers, holders: imagesByChain(layers) };
  }

  async #withDiffIds(images: EngineImage[]): Promise<Joined['images']> {
    const store = await this.#layerStore();
    const fromConfig = store.readable ? await this.#configsReader(store, images) : undefined;
    return (
      await pMap(
        images,
        async (image) => {
          const diffIds = await this.engine.diffIdsOf(image.id, fromConfig);
          return diffIds === null ? null : { image, diffIds };
        },
        { concurrency: 16 },
      )
    ).filter((joined) => joined !== null);
  }

  /**
   * Diff IDs from the image config files of the images whose diff IDs the engine client does
   * not know yet, read in one batch beforehand; null (ask the engine) for one that cannot be read.
   */
  async #configsReader(
    store: { readable: true; store: LayerStoreReader },
    images: readonly { id: string }[],
  ): Promise<(id: string) => Promise<string[] | null>> {
    const ids = images
      .filter((image) => this.engine.knownDiffIds(image.id) === undefined)
      .map((image) => image.id);
    const configs = await store.store.readImageConfigs(ids).catch(() => ids.map(() => null));
    const diffIds = new Map(ids.map((id, index) => [id, configs[index]?.rootfs?.diff_ids ?? null]));
    return (id) => Promise.resolve(diffIds.get(id) ?? null);
  }
}

/** The images with their diff IDs and the rows the list answers with. */
function joined(images: Joined['images']): Pick<Joined, 'images' | 'summaries'> {
  return { images, summaries: images.map(({ image }) => toImageSummary(image)) };
}
