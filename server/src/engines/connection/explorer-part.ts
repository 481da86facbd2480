import type { DiskTruth } from '../../services/disk-truth.js';
import { LayerExplorer } from '../../services/layer-explorer.js';
import { LayerIndex } from '../../services/layer-index.js';
import { scheduleSweeps } from '../../services/layer-index-sweep.js';
import type { ConnectionCore } from './core.js';

/** The layer explorer: its per-layer index (workers, memory, files) and the index sweeps. */
export function wireExplorer(core: ConnectionCore, diskTruth: DiskTruth): LayerExplorer {
  const { engine, events, inventory, snapshot, stateDir, log } = core;
  const index = new LayerIndex(engine, {
    dataRoot: core.dataRoot,
    stateDir,
    publish: (event) => events.publish(event),
    warn: (message) => log.warn(message),
    snapshot,
    pools: core.pools,
  });
  // The duplicates are worked out from the kept answers (image set, tags, last scan).
  const explorer = new LayerExplorer(index, {
    imageLayers: () => inventory.imageLayers(),
    images: () => inventory.listImages(),
    storageInfo: () => snapshot.storageInfo(),
    layerDisks: () => diskTruth.layerDisks(),
  });
  const stopSweeps =
    stateDir === null
      ? () => {}
      : scheduleSweeps(
          engine,
          stateDir,
          (onImagesChanged) =>
            events.subscribe((event) => {
              if (event.type === 'inventory-changed' && event.resources.includes('images')) {
                onImagesChanged();
              }
            }),
          (message) => log.warn(message),
        );
  core.lifecycle.onClose(async () => {
    stopSweeps();
    await index.close();
  });
  return explorer;
}
