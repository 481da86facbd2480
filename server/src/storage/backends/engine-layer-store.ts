import { openGraphDriverStore } from '../layer-store.js';
import {
  type EngineStorageFacts,
  type LayerStoreAccess,
  selectBackend,
} from './storage-backend.js';
import type { StorageWorkers } from '../storage-workers.js';

/**
 * An engine's layer store as this process reads it: in the data root configured, else the
 * engine's DockerRootDir; its backend's store where a backend measures this storage, else the
 * graph driver's (vfs, btrfs, zfs keep layerdb too), else why not (the containerd image store).
 */
export function openEngineLayerStore(
  facts: EngineStorageFacts,
  configuredDataRoot: string | null,
  workers: StorageWorkers,
): Promise<LayerStoreAccess> {
  const { backend, dataRoot } = selectBackend(facts, configuredDataRoot, workers);
  if (backend !== null) return backend.openLayerStore();
  return openGraphDriverStore(
    { dataRoot, driver: facts.driver, containerdSnapshotter: facts.containerdSnapshotter },
    workers.bulkRead,
  );
}
