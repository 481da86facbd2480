import type { BuildCacheList, VolumeList } from '@footprint/shared';
import type { PruneBuildRecord, PruneVolume } from '../domain/prune-types.js';
import type { ContainerUse, EngineActions } from '../engine/engine-actions.js';
import type { EngineSnapshot } from './engine-snapshot.js';

/**
 * Volumes and build cache records from the kept /system/df answer (EngineSnapshot), with the
 * containers that mount each volume. df walks every volume and writable layer (over a second at
 * 2,000 images); asking it per request made these two pages the slowest of the dashboard. The
 * kept answer is asked again after a volume or image event, after our own actions, and in the
 * background once old (build cache and volume contents change without an event); container
 * events leave it as it is (EngineSnapshot.getObjects): the mounts come from the container
 * list, which is cheap to ask again (no size walk) and kept until the next container event.
 *
 * Each list is derived once per answer and handed out as the same object, so its route sends
 * the bytes it serialized the first time (routes/serialized-once.ts).
 */
export class ObjectLists {
  #volumes: {
    volumes: readonly PruneVolume[];
    containers: readonly ContainerUse[];
    list: VolumeList;
  } | null = null;
  #buildCache: { records: readonly PruneBuildRecord[]; list: BuildCacheList } | null = null;

  constructor(
    readonly snapshot: EngineSnapshot,
    readonly actions: EngineActions,
  ) {}

  async volumes(): Promise<VolumeList> {
    const [entry, containers] = await Promise.all([
      this.snapshot.getObjects(),
      this.snapshot.keep('container-mounts', ['containers'], () => this.actions.containers()),
    ]);
    const { volumes } = entry.objects;
    const kept = this.#volumes;
    if (kept !== null && kept.volumes === volumes && kept.containers === containers)
      return kept.list;
    const list = toVolumeList(volumes, containers);
    this.#volumes = { volumes, containers, list };
    return list;
  }

  async buildCache(): Promise<BuildCacheList> {
    const records = (await this.snapshot.getObjects()).objects.buildCache;
    const kept = this.#buildCache;
    if (kept !== null && kept.records === records) return kept.list;
    const list = toBuildCacheList(records);
    this.#buildCache = { records, list };
    return list;
  }
}

function toVolumeList(
  volumes: readonly PruneVolume[],
  containers: readonly ContainerUse[],
): VolumeList {
  const users = new Map<string, VolumeList['volumes'][number]['containers']>();
  for (const { id, name, state, volumeNames } of containers) {
    // A volume mounted twice by one container is one user.
    for (const volume of new Set(volumeNames)) {
      const list = users.get(volume) ?? [];
      if (list.length === 0) users.set(volume, list);
      list.push({ id, name, state });
    }
  }
  return {
    volumes: volumes.map((volume) => ({
      name: volume.name,
      anonymous: volume.anonymous,
      // The engine says -1 when the volume driver reports no size (moby volume/service).
      size: volume.size >= 0 ? volume.size : null,
      created: volume.created,
      containers: users.get(volume.name) ?? [],
    })),
  };
}

function toBuildCacheList(records: readonly PruneBuildRecord[]): BuildCacheList {
  return {
    records: records.map((record) => ({
      id: record.id,
      description: record.description,
      size: record.size,
      inUse: record.inUse,
      shared: record.shared,
      created: record.created,
      lastUsed: record.lastUsed,
    })),
  };
}
