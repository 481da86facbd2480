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
 * `sized`: only these containers are sized (and listed); `false`: every container, none sized
 * (sizeRw null), which costs the engine no walk.
 */
export async function listContainersWithSize(
  engine: Engine,
  sized: readonly string[] | false | 'all' = 'all',
): Promise<EngineContainerSummary[]> {
  const options =
    sized === 'all'
      ? { all: true, size: true }
      : sized === false
        ? { all: true, size: false }
        : { all: true, size: true, filters: JSON.stringify({ id: sized }) };
  const raw = (await engine.client.call((docker) =>
    docker.listContainers(options),
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

/**
 * The sized list after these container events: the containers listed again without sizes (no
 * walk), the sizes of the containers the events name asked for, the others' taken from the
 * previous list. Null (ask for the whole list) when an event names no container.
 */
export function updateContainerSizes(
  engine: Engine,
  previous: readonly EngineContainerSummary[],
  changes: readonly { type: string; actorId: string | null }[],
): Promise<EngineContainerSummary[]> | null {
  const changed = new Set<string>();
  for (const { type, actorId } of changes) {
    if (type !== 'container' || actorId === null) return null;
    changed.add(actorId);
  }
  return (async () => {
    const [listed, sized] = await Promise.all([
      listContainersWithSize(engine, false),
      listContainersWithSize(engine, [...changed]),
    ]);
    const sizes = new Map<string, number | null>();
    for (const row of previous) sizes.set(row.id, row.sizeRw);
    for (const row of sized) sizes.set(row.id, row.sizeRw);
    const rows: EngineContainerSummary[] = [];
    for (const row of listed) {
      // One made after the events we know of: ask for the whole list.
      if (!sizes.has(row.id)) return listContainersWithSize(engine);
      rows.push({ ...row, sizeRw: sizes.get(row.id) ?? null });
    }
    return rows;
  })();
}
