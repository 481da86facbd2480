import { NotFoundError } from '../errors.js';
import type { EngineClient } from './engine-client.js';

/*
 * The container calls the layer explorer makes: inspect, for the image and name, and
 * GET /containers/{id}/changes, the list `docker diff` prints (Kind 0 changed, 1 added,
 * 2 deleted; Engine API 1.41–1.51 alike).
 */

interface RawContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  State?: { Running?: boolean; Restarting?: boolean };
}

interface RawChange {
  Path: string;
  Kind: 0 | 1 | 2;
}

export interface InspectedContainer {
  id: string;
  name: string;
  imageId: string;
  /** Running (paused included) or restarting: its files may change without an event. */
  running: boolean;
}

export interface ContainerChangeRecord {
  path: string;
  change: 'added' | 'changed' | 'deleted';
}

const kinds = { 0: 'changed', 1: 'added', 2: 'deleted' } as const;

function containerNotFound(id: string): NotFoundError {
  return new NotFoundError('CONTAINER_NOT_FOUND', `No container "${id}" on this engine.`);
}

export async function inspectContainer(
  client: EngineClient,
  id: string,
): Promise<InspectedContainer> {
  const raw = await client.call(
    (docker) =>
      docker.getContainer(id).inspect() as Promise<unknown> as Promise<RawContainerInspect>,
    containerNotFound(id),
  );
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    imageId: raw.Image,
    running: raw.State?.Running === true || raw.State?.Restarting === true,
  };
}

export async function containerChanges(
  client: EngineClient,
  id: string,
): Promise<ContainerChangeRecord[]> {
  const raw = await client.call(
    (docker) => docker.getContainer(id).changes() as Promise<unknown>,
    containerNotFound(id),
  );
  // A container that never ran has no writable layer to compare: the engine answers `null`
  // (Engine API 1.41), and docker-modem hands a falsy JSON body back as the raw Buffer.
  if (!Array.isArray(raw)) return [];
  return (raw as RawChange[]).map((change) => ({
    path: change.Path,
    change: kinds[change.Kind],
  }));
}
