import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { PruneBuildRecord, PruneContainer, PruneVolume } from '../domain/prune-types.js';
import { NotFoundError } from '../errors.js';
import {
  type EngineImageFacts,
  toImageFacts,
  toPruneBuildRecord,
  toPruneContainer,
  toPruneVolume,
  volumeNames,
} from './action-mappers.js';
import type { Engine } from './engine.js';
import { ImageChangeFeed } from './image-change-feed.js';
import { withDigestPrefix } from './podman-compat.js';
import type {
  RawBuildPruneResponse,
  RawContainerSummary,
  RawDfImageFull,
  RawDiskUsageFull,
  RawImageDeleteResponse,
  RawImageListEntry,
} from './raw-action-types.js';

export interface ObjectsSnapshot {
  images: EngineImageFacts[];
  containers: PruneContainer[];
  volumes: PruneVolume[];
  buildCache: PruneBuildRecord[];
}

export interface ImageDeletion {
  untagged: string[];
  deleted: string[];
}

export interface ContainerUse {
  id: string;
  name: string;
  imageId: string;
  state: string;
  created: string;
  /** The volumes it mounts, by name. */
  volumeNames: string[];
}

/** Engine calls that change things, and the facts they need. Callers validate every ID first. */
export class EngineActions {
  constructor(readonly engine: Engine) {}

  get #client() {
    return this.engine.client;
  }

  /** Every image, container, volume and build cache record, from a /system/df asked now. */
  async objects(): Promise<ObjectsSnapshot> {
    const raw = (await this.engine.rawDiskUsage({ fresh: true })) as unknown as RawDiskUsageFull;
    return {
      images: (raw.Images ?? []).map(toImageFacts),
      containers: (raw.Containers ?? []).map(toPruneContainer),
      volumes: (raw.Volumes ?? []).map(toPruneVolume),
      buildCache: (raw.BuildCache ?? []).map(toPruneBuildRecord),
    };
  }

  /**
   * objects(), with the images from GET /images/json?all=1, which also lists the untagged
   * parents a legacy build leaves (df and the default list leave them out): a prune must know
   * them, since they go with their last child and hold layers while they stay.
   */
  async objectsWithParents(): Promise<ObjectsSnapshot> {
    const [objects, images] = await Promise.all([
      this.objects(),
      this.#client.call((docker) =>
        docker.listImages({ all: true }),
      ) as Promise<unknown> as Promise<RawDfImageFull[]>,
    ]);
    return { ...objects, images: images.map(toImageFacts) };
  }

  /** Every container (any state), without sizes: cheap. */
  async containers(): Promise<ContainerUse[]> {
    const raw = (await this.#client.call((docker) =>
      docker.listContainers({ all: true }),
    )) as unknown as RawContainerSummary[];
    return raw.map((c) => ({
      id: c.Id,
      name: (c.Names?.[0] ?? '').replace(/^\//, ''),
      imageId: c.ImageID,
      state: c.State,
      created: new Date(c.Created * 1000).toISOString(),
      volumeNames: volumeNames(c.Mounts),
    }));
  }

  /** IDs of images built on this one (legacy builder parents), intermediates included. */
  async childImages(imageId: string): Promise<string[]> {
    const raw = (await this.#client.call((docker) =>
      docker.listImages({ all: true }),
    )) as unknown as RawImageListEntry[];
    // Podman lists the parent as bare hex (podman-compat.ts).
    return raw
      .filter((image) => image.ParentId !== '' && withDigestPrefix(image.ParentId) === imageId)
      .map((image) => image.Id);
  }

  /** The image ID a container was created from; null when the container is gone. */
  async containerImage(containerId: string): Promise<string | null> {
    try {
      const raw = (await this.#client.call(
        (docker) => docker.getContainer(containerId).inspect(),
        new NotFoundError('CONTAINER_NOT_FOUND', `No container ${containerId}.`),
      )) as { Image: string };
      return raw.Image;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /**
   * DELETE /images/{name}. noprune: untagged parents stay, so nothing goes that was not asked
   * for (moby daemon/images/image_delete.go removes dangling parents otherwise).
   */
  async removeImage(name: string, force: boolean): Promise<ImageDeletion> {
    const raw = (await this.#client.call(
      (docker) => docker.getImage(name).remove({ force, noprune: true }),
      new NotFoundError('IMAGE_NOT_FOUND', `No image ${name} on this engine (removed meanwhile?).`),
    )) as RawImageDeleteResponse;
    return {
      untagged: raw.flatMap((entry) => (entry.Untagged ? [entry.Untagged] : [])),
      // Podman names the deleted image in bare hex (podman-compat.ts).
      deleted: raw.flatMap((entry) => (entry.Deleted ? [withDigestPrefix(entry.Deleted)] : [])),
    };
  }

  /**
   * Follows the engine's image tag, untag and delete events from `sinceMs` (this host's clock)
   * on. With `since` the engine replays what it logged from then and subscribes under one lock
   * (daemon/events SubscribeTopic); without it GET /events flushes its headers before it
   * subscribes (api/server/router/system getEvents), so an event right after the answer's
   * headers could be missed. Against a remote engine whose clock runs ahead, a few earlier
   * events come too (an untag then reads as a conflict, never the reverse); one whose clock lags
   * replays nothing, and only that gap remains.
   */
  async followImageChanges(sinceMs: number): Promise<ImageChangeFeed> {
    const options: Docker.GetEventsOptions = {
      // Seconds with a fraction: the engine reads "1735689600.123" to the nanosecond.
      since: sinceMs / 1000,
      filters: { type: ['image'], event: ['tag', 'untag', 'delete'] },
    };
    const stream = (await this.#client.call((docker) => docker.getEvents(options))) as Readable;
    return new ImageChangeFeed(stream);
  }

  /** DELETE /containers/{id}, keeping its volumes (v=false) and refusing a running one. */
  async removeContainer(id: string): Promise<void> {
    await this.#client.call(
      (docker) => docker.getContainer(id).remove({ v: false, force: false }),
      new NotFoundError('CONTAINER_NOT_FOUND', `No container ${id} (removed meanwhile?).`),
    );
  }

  async removeVolume(name: string): Promise<void> {
    await this.#client.call(
      (docker) => docker.getVolume(name).remove({ force: false }),
      new NotFoundError('VOLUME_NOT_FOUND', `No volume ${name} (removed meanwhile?).`),
    );
  }

  /**
   * Removes one build cache record: POST /build/prune with an `id` filter, which moby turns into
   * BuildKit's `id~=<regexp>` and takes one value at a time (builder-next/builder.go), hence
   * the anchors. `all` lets it take records BuildKit keeps by default. dockerode's pruneBuilder
   * drops its options (a blanket prune), so this dials the API itself.
   */
  async removeBuildCacheRecord(id: string): Promise<RawBuildPruneResponse> {
    return this.#client.call(
      (docker) =>
        new Promise<RawBuildPruneResponse>((resolve, reject) => {
          docker.modem.dial(
            {
              path: '/build/prune?',
              method: 'POST',
              options: { all: true, filters: JSON.stringify({ id: [`^${id}$`] }) },
              statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
            },
            (error: unknown, data: unknown) =>
              error ? reject(error) : resolve(data as RawBuildPruneResponse),
          );
        }),
    );
  }

  /** GET /events from `since` (Unix seconds), filtered to the object types we follow. */
  async events(since: number | null): Promise<Readable> {
    const options: Docker.GetEventsOptions = {
      filters: { type: ['image', 'container', 'volume'] },
    };
    if (since !== null) options.since = since;
    return (await this.#client.call((docker) => docker.getEvents(options))) as Readable;
  }
}
