import type { EngineContainerSummary } from '../domain/containers.js';
import type { Engine } from './engine.js';

/** GET /containers/json?all=1&size=1, as far as this project reads it (API 1.41–1.51). */
interface RawContainerWithSize {
  Id: string;
  Names?: string[] | null;
  Image: string;
  ImageID: string;
  State: string;
  /** Absent when the engine could not compute it. */
  SizeRw?: number;
}

/**
 * Every container (any state) with its writable layer's size as the engine computes it. The
 * engine walks each writable layer for `size=1`; that is the figure `docker ps -s` shows.
 */
export async function listContainersWithSize(engine: Engine): Promise<EngineContainerSummary[]> {
  const raw = (await engine.client.call((docker) =>
    docker.listContainers({ all: true, size: true }),
  )) as unknown as RawContainerWithSize[];
  return raw.map((c) => ({
    id: c.Id,
    names: (c.Names ?? []).map((name) => name.replace(/^\//, '')),
    image: c.Image,
    imageId: c.ImageID,
    state: c.State,
    sizeRw: typeof c.SizeRw === 'number' && c.SizeRw >= 0 ? c.SizeRw : null,
  }));
}
