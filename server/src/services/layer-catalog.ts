import type { LayerDisk, LayerList } from '@footprint/shared';
import pMap from 'p-map';
import { chainNodes } from '../domain/layer-catalog.js';
import { openLayerStore } from '../storage/layer-store.js';
import type { Inventory } from './inventory.js';

/**
 * Every layer of every image once, with its recorded size and, when the data root was measured,
 * its size on disk: what the layer tree and the reuse view need, in one call.
 */
export class LayerCatalog {
  constructor(
    readonly inventory: Inventory,
    readonly layerDisk: (cacheId: string | null) => Promise<LayerDisk>,
  ) {}

  async list(): Promise<LayerList> {
    const images = await this.inventory.imageLayers();
    const info = await this.inventory.snapshot.storageInfo();
    const store = await openLayerStore({
      dataRoot: this.inventory.options.dataRoot ?? info.dockerRootDir,
      driver: info.driver,
      containerdSnapshotter: info.containerdSnapshotter,
    });
    let notMeasuredReason: string | null = null;
    let measured = true;
    const layers = await pMap(
      chainNodes(images),
      async (node) => {
        const metadata = store.readable ? await store.store.readLayer(node.chainId) : null;
        const cacheId = metadata?.cacheId ?? null;
        const disk = await this.layerDisk(cacheId);
        if (disk.diskBytes === null) {
          measured = false;
          notMeasuredReason ??= disk.notMeasuredReason;
        }
        return { ...node, cacheId, size: metadata?.size ?? null, diskBytes: disk.diskBytes };
      },
      { concurrency: 16 },
    );
    return {
      layers,
      layerMetadata: store.readable
        ? { readable: true, message: null }
        : { readable: false, message: store.message },
      measured: measured && layers.length > 0,
      notMeasuredReason: measured ? null : notMeasuredReason,
    };
  }
}
