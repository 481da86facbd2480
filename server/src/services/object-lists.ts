import type { BuildCacheList, VolumeList } from '@footprint/shared';
import type { EngineActions } from '../engine/engine-actions.js';

/** Volumes and build cache records from the engine's /system/df, with what uses them. */
export class ObjectLists {
  constructor(readonly actions: EngineActions) {}

  async volumes(): Promise<VolumeList> {
    const { volumes, containers } = await this.actions.objects();
    return {
      volumes: volumes.map((volume) => ({
        name: volume.name,
        anonymous: volume.anonymous,
        // The engine says -1 when the volume driver reports no size (moby volume/service).
        size: volume.size >= 0 ? volume.size : null,
        created: volume.created,
        containers: containers
          .filter((container) => container.volumeNames.includes(volume.name))
          .map(({ id, name, state }) => ({ id, name, state })),
      })),
    };
  }

  async buildCache(): Promise<BuildCacheList> {
    const { buildCache } = await this.actions.objects();
    return {
      records: buildCache.map((record) => ({
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
}
