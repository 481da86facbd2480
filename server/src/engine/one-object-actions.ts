import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { NotFoundError } from '../errors.js';
import type { EngineClient } from './engine-client.js';

/*
 * The engine calls behind removing one container, tagging an image and saving one: inspect with
 * size, stop, remove, the volumes' users, POST /images/{name}/tag and GET /images/{name}/get.
 * Callers validate every ID and reference first (dockerode pastes them into the URL path).
 */

/** GET /containers/{id}/json?size=1, as far as this project reads it (API 1.41–1.51). */
interface RawSizedInspect {
  Id: string;
  Name: string;
  Image: string;
  Config?: { Image?: string } | null;
  State?: { Status?: string } | null;
  SizeRw?: number;
  GraphDriver?: { Name?: string; Data?: Record<string, string> | null } | null;
  HostConfig?: {
    Binds?: string[] | null;
    Mounts?: { Type?: string; Source?: string }[] | null;
  } | null;
  Mounts?: { Type?: string; Name?: string }[] | null;
}

export interface SizedContainer {
  id: string;
  name: string;
  /** As created from: a name or an ID. */
  image: string;
  imageId: string;
  state: string;
  sizeRw: number | null;
  /**
   * Volumes mounted without a name (Dockerfile VOLUME, `-v /path`): what `docker rm -v` removes.
   * moby removes a volume mount only when its spec named no source (daemon/mounts.go
   * removeMountPoints); a named one appears in Binds ("name:/path") or Mounts (Source).
   */
  anonymousVolumes: string[];
}

function containerNotFound(id: string): NotFoundError {
  return new NotFoundError(
    'CONTAINER_NOT_FOUND',
    `No container ${id} on this engine (removed meanwhile?).`,
  );
}

export async function inspectContainerSized(
  client: EngineClient,
  id: string,
): Promise<SizedContainer> {
  const raw = (await client.call(
    (docker) =>
      docker
        .getContainer(id)
        .inspect({ size: true } as Docker.ContainerInspectOptions) as Promise<unknown>,
    containerNotFound(id),
  )) as RawSizedInspect;
  const named = new Set<string>();
  for (const bind of raw.HostConfig?.Binds ?? []) named.add(bind.split(':')[0] ?? '');
  for (const mount of raw.HostConfig?.Mounts ?? []) {
    if (mount.Type === 'volume' && mount.Source) named.add(mount.Source);
  }
  const anonymousVolumes = (raw.Mounts ?? [])
    .filter((mount) => mount.Type === 'volume' && mount.Name && !named.has(mount.Name))
    .map((mount) => mount.Name as string);
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: raw.Config?.Image ?? raw.Image,
    imageId: raw.Image,
    state: raw.State?.Status ?? 'unknown',
    sizeRw: typeof raw.SizeRw === 'number' && raw.SizeRw >= 0 ? raw.SizeRw : null,
    anonymousVolumes,
  };
}

/** Names of the containers (any state) that mount this volume. */
export async function volumeUsers(client: EngineClient, volume: string): Promise<string[]> {
  const raw = (await client.call((docker) =>
    docker.listContainers({ all: true, filters: JSON.stringify({ volume: [volume] }) }),
  )) as unknown as { Id: string }[];
  return raw.map((container) => container.Id);
}

export async function volumeExists(client: EngineClient, name: string): Promise<boolean> {
  try {
    await client.call(
      (docker) => docker.getVolume(name).inspect() as Promise<unknown>,
      new NotFoundError('VOLUME_NOT_FOUND', `No volume ${name}.`),
    );
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

/** POST /containers/{id}/stop with the container's own stop timeout (304 when already stopped). */
export async function stopContainer(client: EngineClient, id: string): Promise<void> {
  await client.call(
    (docker) => docker.getContainer(id).stop() as Promise<unknown>,
    containerNotFound(id),
  );
}

/** DELETE /containers/{id}, never forced: a container that is running again is refused. */
export async function removeContainer(
  client: EngineClient,
  id: string,
  removeVolumes: boolean,
): Promise<void> {
  await client.call(
    (docker) =>
      docker.getContainer(id).remove({ v: removeVolumes, force: false }) as Promise<unknown>,
    containerNotFound(id),
  );
}

/** POST /images/{id}/tag?repo=&tag=: the engine moves the name if another image had it. */
export async function tagImage(
  client: EngineClient,
  imageId: string,
  repo: string,
  tag: string,
): Promise<void> {
  await client.call(
    (docker) => docker.getImage(imageId).tag({ repo, tag }) as Promise<unknown>,
    new NotFoundError(
      'IMAGE_NOT_FOUND',
      `No image ${imageId} on this engine (removed meanwhile?).`,
    ),
  );
}

/** GET /images/{name}/get: `docker save` of one image as a tar stream, not buffered. */
export async function saveImage(client: EngineClient, name: string): Promise<Readable> {
  return (await client.call(
    (docker) => docker.getImage(name).get() as Promise<unknown>,
    new NotFoundError('IMAGE_NOT_FOUND', `No image ${name} on this engine (removed meanwhile?).`),
  )) as Readable;
}
