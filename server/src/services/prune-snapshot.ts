import pMap from 'p-map';
import { chainIds } from '../domain/layers.js';
import type { PruneImage, PruneSnapshot } from '../domain/prune-types.js';
import type { Engine } from '../engine/engine.js';
import type { EngineActions } from '../engine/engine-actions.js';
import { AppError } from '../errors.js';
import { openEngineLayerStore } from '../storage/backends/engine-layer-store.js';
import type { StorageWorkers } from '../storage/storage-workers.js';
import type { LastUse } from './last-use.js';

/**
 * Everything a prune plan needs, read now: the engine's objects (/system/df), each image's chain
 * IDs, the recorded size of every layer (layerdb), and the last-use record.
 */
export class PruneSnapshots {
  constructor(
    readonly engine: Engine,
    readonly actions: EngineActions,
    readonly lastUse: LastUse,
    readonly dataRoot: string | null,
    readonly pools: StorageWorkers,
  ) {}

  async take(): Promise<PruneSnapshot> {
    const [objects, info] = await Promise.all([
      this.actions.objectsWithParents(),
      this.engine.storageInfo(),
    ]);
    const access = await openEngineLayerStore(info, this.dataRoot, this.pools);
    if (!access.readable) {
      throw new AppError(
        409,
        'LAYER_METADATA_UNREADABLE',
        `An exact prune preview needs the layers' recorded sizes, and ${access.message}`,
      );
    }
    this.lastUse.observe(objects.images.map((image) => image.id));

    const withChains = await pMap(
      objects.images,
      async (image): Promise<PruneImage | null> => {
        const diffIds = await this.engine.diffIdsOf(image.id);
        // Removed while we looked: it is not there to prune.
        if (diffIds === null) return null;
        return {
          ...image,
          chainIds: chainIds(diffIds),
          idleSince: this.lastUse.idleSince(image.id),
        };
      },
      { concurrency: 8 },
    );
    const images = withChains.filter((image) => image !== null);

    const layerSizes = new Map<string, number>();
    const chains = [...new Set(images.flatMap((image) => image.chainIds))];
    await pMap(
      chains,
      async (chain) => {
        const layer = await access.store.readLayer(chain);
        if (layer !== null && Number.isFinite(layer.size)) layerSizes.set(chain, layer.size);
      },
      { concurrency: 16 },
    );
    return {
      images,
      containers: objects.containers,
      volumes: objects.volumes,
      buildCache: objects.buildCache,
      layerSizes,
    };
  }
}
