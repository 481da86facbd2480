import type { EngineStatus, GraphDriver, HistoryEntry } from '@footprint/shared';
import type { DiskUsageSnapshot } from '../domain/types.js';
import { AppError, EngineUnreachableError, NotFoundError } from '../errors.js';
import { type DfObjects, toDfObjects } from './action-mappers.js';
import type { EngineClient } from './engine-client.js';
import {
  toDiffIds,
  toDiskUsageSnapshot,
  toEngineImage,
  toEngineStatus,
  toGraphDriver,
  toHistoryFromApi,
  toListedFacts,
} from './mappers.js';
import type {
  RawDfImage,
  RawDiskUsage,
  RawHistoryEntry,
  RawImageInspect,
  RawInfo,
} from './raw-types.js';
import type { RawContainerSummary, RawDiskUsageFull } from './raw-action-types.js';
import {
  type EngineKind,
  engineKindOf,
  fromPodmanDiskUsage,
  type PodmanListedImage,
} from './podman-compat.js';

/** df's figures, with the volumes' and build records' own facts (dates, labels, steps). */
export type DiskUsageAnswer = DiskUsageSnapshot & { objects: DfObjects };

function imageNotFound(reference: string): NotFoundError {
  return new NotFoundError('IMAGE_NOT_FOUND', `No image "${reference}" on this engine.`);
}

export interface StorageInfo {
  driver: string;
  dockerRootDir: string;
  /** The engine keeps images in containerd's content store and snapshotters, not in layerdb. */
  containerdSnapshotter: boolean;
  rootless: boolean;
  /** Docker or Podman: Podman's "overlay" driver is containers/storage's, not overlay2. */
  engineKind: EngineKind;
}

export interface ListedImageFacts {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: string;
  size: number;
}

export interface InspectedImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  diffIds: string[];
  graphDriver: GraphDriver;
  /** Config.Labels: arbitrary text from the image, shown inert by the page. */
  labels: Record<string, string>;
}

/** The Engine API calls this project makes, each returning domain types. */
export class Engine {
  #pendingDiskUsage: Promise<RawDiskUsage> | null = null;
  /** Diff IDs per image ID. An image ID is the digest of its config, so entries never go stale. */
  readonly #diffIds = new Map<string, string[]>();
  #infoInFlight: Promise<RawInfo> | null = null;
  #pingInFlight: Promise<boolean> | null = null;

  constructor(readonly client: EngineClient) {}

  get endpoint(): string {
    return this.client.endpoint;
  }

  /** Reachability, versions and storage; never throws for an unreachable engine. */
  async status(): Promise<EngineStatus> {
    try {
      const { version, apiVersion } = await this.client.connect();
      const info = await this.#info();
      return toEngineStatus(this.endpoint, version, apiVersion, info);
    } catch (error) {
      if (!(error instanceof EngineUnreachableError)) throw error;
      return {
        reachable: false,
        endpoint: this.endpoint,
        message: error.message,
        version: null,
        apiVersion: null,
        storageDriver: null,
        dockerRootDir: null,
        os: null,
      };
    }
  }

  /**
   * Whether the engine answers GET /_ping, its cheapest call; never throws for one away. Callers
   * that ask while a ping is on its way share it: every page polls the engine's state, and under
   * load one ping per request kept the engine answering pings back to back.
   */
  answers(): Promise<boolean> {
    this.#pingInFlight ??= this.#ping().finally(() => {
      this.#pingInFlight = null;
    });
    return this.#pingInFlight;
  }

  async #ping(): Promise<boolean> {
    try {
      await this.client.call((docker) => docker.ping());
      return true;
    } catch (error) {
      if (error instanceof EngineUnreachableError) return false;
      throw error;
    }
  }

  /** Which engine answers: Docker or Podman (podman-compat.ts); rejects when it is away. */
  async kind(): Promise<EngineKind> {
    const { version } = await this.client.connect();
    return engineKindOf(version);
  }

  /**
   * Podman 4.3's /info: Driver "overlay" (containers/storage), DockerRootDir its graphroot (the
   * same path as libpod's /info store.graphRoot), and a top-level Rootless flag beside the
   * SecurityOptions Docker's rootless mode is told by.
   */
  async storageInfo(): Promise<StorageInfo> {
    const [info, engineKind] = await Promise.all([this.#info(), this.kind()]);
    const status = new Map(info.DriverStatus ?? []);
    return {
      driver: info.Driver,
      dockerRootDir: info.DockerRootDir,
      containerdSnapshotter: status.get('driver-type') === 'io.containerd.snapshotter.v1',
      rootless:
        info.Rootless === true ||
        (info.SecurityOptions ?? []).some((option) => option.includes('name=rootless')),
      engineKind,
    };
  }

  /**
   * GET /system/df. Concurrent callers share one request: engines without the API 1.42 change
   * refuse a second one ("a disk usage operation is already running"), and it is costly anyway.
   */
  diskUsage(): Promise<DiskUsageAnswer> {
    return this.rawDiskUsage().then((raw) => ({
      ...toDiskUsageSnapshot(raw),
      objects: toDfObjects(raw as unknown as RawDiskUsageFull),
    }));
  }

  /**
   * The same shared GET /system/df, unmapped, for other mappers inside engine/. `fresh`: an
   * answer to a request made after this call, for what must see every change before it (a prune
   * preview right after `docker create`): one already under way may have been asked before.
   */
  rawDiskUsage(options: { fresh?: boolean } = {}): Promise<RawDiskUsage> {
    const pending = this.#pendingDiskUsage;
    if (options.fresh === true && pending !== null) {
      return pending.then(
        () => this.rawDiskUsage(),
        () => this.rawDiskUsage(),
      );
    }
    this.#pendingDiskUsage ??= this.#askDiskUsage().finally(() => {
      this.#pendingDiskUsage = null;
    });
    return this.#pendingDiskUsage;
  }

  /** Docker's df as it is; Podman's joined with its image and container lists (podman-compat). */
  async #askDiskUsage(): Promise<RawDiskUsage> {
    const df = (await this.client.call((docker) => docker.df())) as RawDiskUsage;
    if ((await this.kind()) === 'docker') return df;
    // Listed after df: an image removed meanwhile is left out, one added is not in df's rows.
    // All of them: Podman's df counts an untagged parent, its default list leaves it out.
    const [images, containers] = await Promise.all([
      this.client.call((docker) => docker.listImages({ all: true })) as Promise<unknown> as Promise<
        PodmanListedImage[]
      >,
      this.client.call((docker) =>
        docker.listContainers({ all: true }),
      ) as Promise<unknown> as Promise<RawContainerSummary[]>,
    ]);
    return fromPodmanDiskUsage(
      df as unknown as RawDiskUsageFull & { LayersSize: number },
      images,
      containers,
    ) as unknown as RawDiskUsage;
  }

  /** Which engine this is, for the state directory (state/state-dir.ts). */
  async identity(): Promise<{ engineId: string; name: string; dockerRootDir: string }> {
    const [info, kind] = await Promise.all([this.#info(), this.kind()]);
    // Podman 4.3's /info ID is a new random UUID on every call: the same Podman would get a new
    // state directory each start. Its graphroot (DockerRootDir, in the directory's name too)
    // is what tells one Podman's storage from another's.
    const engineId = kind === 'podman' ? 'podman' : (info.ID ?? '');
    return { engineId, name: info.Name ?? '', dockerRootDir: info.DockerRootDir };
  }

  /**
   * GET /images/json: the images df lists (top-level ones, as `docker images`), with the same
   * Size; without df's walk of every container layer and volume.
   */
  async listImages(): Promise<ListedImageFacts[]> {
    // Podman's /system/df lists an untagged image that is another's parent (as `podman images`
    // does) while its default GET /images/json leaves it out: all=1 lists what df does.
    const all = (await this.kind()) === 'podman';
    const raw = (await this.client.call((docker) =>
      docker.listImages(all ? { all } : {}),
    )) as unknown as RawDfImage[];
    return raw.map((image) => {
      const { id, repoTags, repoDigests, created, size } = toEngineImage(image);
      return { id, repoTags, repoDigests, created, size };
    });
  }

  /**
   * One image as listImages would list it, asked by ID or reference; null when there is no
   * such image (any more).
   */
  async listedImage(reference: string): Promise<ListedImageFacts | null> {
    const raw = await this.#inspectIfThere(reference);
    return raw === null ? null : toListedFacts(raw);
  }

  /** The image ID of every container, any state (GET /containers/json?all=1, no sizes). */
  async containerImageIds(): Promise<string[]> {
    const raw = await this.client.call((docker) => docker.listContainers({ all: true }));
    return raw.map((container) => container.ImageID);
  }

  async inspectImage(reference: string): Promise<InspectedImage> {
    const raw = await this.#inspect(reference);
    return {
      id: raw.Id,
      repoTags: raw.RepoTags ?? [],
      repoDigests: raw.RepoDigests ?? [],
      diffIds: toDiffIds(raw),
      graphDriver: toGraphDriver(raw.GraphDriver),
      labels: raw.Config?.Labels ?? {},
    };
  }

  /**
   * When the image was last tagged on this engine (inspect's Metadata.LastTagTime: a pull, a
   * build or `docker tag`); null when never (Go's zero time, 0001-01-01) or the image is gone.
   */
  async lastTagTime(imageId: string): Promise<string | null> {
    const raw = await this.#inspectIfThere(imageId);
    const time = raw?.Metadata?.LastTagTime ?? null;
    if (time === null || time === '' || time.startsWith('0001-01-01')) return null;
    const parsed = new Date(time);
    return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
  }

  /** The diff IDs diffIdsOf already found for the image, without a round trip; else undefined. */
  knownDiffIds(imageId: string): readonly string[] | undefined {
    return this.#diffIds.get(imageId);
  }

  /**
   * The image's diff IDs, bottom first, inspected once per image ID; null when the image is gone
   * (removed while a listing was being read).
   */
  async diffIdsOf(
    imageId: string,
    fromConfig?: (imageId: string) => Promise<string[] | null>,
  ): Promise<string[] | null> {
    const cached = this.#diffIds.get(imageId);
    if (cached !== undefined) return cached;
    // The config file the image ID is the digest of holds the same rootfs.diff_ids that
    // inspect returns, without a round trip per image (2,000 of them at start-up).
    const read = await fromConfig?.(imageId);
    if (read !== undefined && read !== null) {
      this.#diffIds.set(imageId, read);
      return read;
    }
    const raw = await this.#inspectIfThere(imageId);
    if (raw === null) return null;
    const diffIds = toDiffIds(raw);
    this.#diffIds.set(imageId, diffIds);
    return diffIds;
  }

  #inspect(reference: string): Promise<RawImageInspect> {
    // GET /images//json: Podman's router answers it with a redirect docker-modem cannot follow.
    if (reference === '') return Promise.reject(imageNotFound(reference));
    return this.client.call(
      (docker) =>
        docker.getImage(reference).inspect() as Promise<unknown> as Promise<RawImageInspect>,
      imageNotFound(reference),
    );
  }

  /** The inspect answer; null when there is no such image (any more). */
  async #inspectIfThere(reference: string): Promise<RawImageInspect | null> {
    try {
      return await this.#inspect(reference);
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404) return null;
      throw error;
    }
  }

  /** Drops cached diff IDs of images no longer present, so the cache stays as large as the host. */
  forgetImagesExcept(live: ReadonlySet<string>): void {
    for (const id of this.#diffIds.keys()) if (!live.has(id)) this.#diffIds.delete(id);
  }

  async imageHistory(id: string, layerCount: number): Promise<HistoryEntry[]> {
    const raw = await this.client.call(
      (docker) => docker.getImage(id).history() as Promise<RawHistoryEntry[]>,
      imageNotFound(id),
    );
    return toHistoryFromApi(raw, layerCount);
  }

  /**
   * GET /info, one request for the callers that ask while it runs: at start-up the scan, the
   * disk answer and the layer store each asked before the event stream let the answer be kept
   * (engine-snapshot.ts), five requests of 10 to 20 ms of the engine's CPU within 20 ms.
   */
  #info(): Promise<RawInfo> {
    this.#infoInFlight ??= this.client
      .call((docker) => docker.info() as Promise<RawInfo>)
      .finally(() => {
        this.#infoInFlight = null;
      });
    return this.#infoInFlight;
  }
}
