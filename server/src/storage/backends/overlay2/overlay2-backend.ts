import { join } from 'node:path';
import { probeDataRoot } from '../../data-root-access.js';
import { openGraphDriverStore } from '../../layer-store.js';
import type { StorageWorkers } from '../../storage-workers.js';
import type { BackendFactory, DataRootBackend } from '../storage-backend.js';
import { measureContainerFootprint } from './container-footprint.js';
import { overlay2Layout } from './overlay2-layout.js';
import { readOverlayMetadata } from './overlay-references.js';
import { overlay2RemovalPaths } from './removal-paths.js';

/*
 * moby's overlay2 graph driver: a directory per layer under overlay2/ (named by layerdb's
 * cache-id, mount-id and init-id files), short links in overlay2/l/, the layer records under
 * image/overlay2/layerdb, BuildKit's snapshots in the same directory known only to its
 * databases.
 */

function overlay2Storage(
  dataRoot: string,
  driver: string,
  workers: StorageWorkers,
): DataRootBackend {
  return {
    name: 'overlay2',
    driver,
    dataRoot,
    layout: overlay2Layout,
    workers,
    probe: (rootless) => probeDataRoot(dataRoot, driver, rootless),
    readScanMetadata: (previous, knownMounts) =>
      readOverlayMetadata(workers.bulkRead, dataRoot, driver, previous, knownMounts),
    layerDirectory: (cacheId) => join(dataRoot, 'overlay2', cacheId),
    openLayerStore: () =>
      openGraphDriverStore({ dataRoot, driver, containerdSnapshotter: false }, workers.bulkRead),
    containerFootprint: (containerId) =>
      measureContainerFootprint(workers, dataRoot, driver, containerId),
    removalPaths: (plan, lookups) =>
      overlay2RemovalPaths(workers.bulkRead, dataRoot, driver, plan, lookups),
  };
}

export const overlay2Backend: BackendFactory = {
  name: 'overlay2',
  layout: overlay2Layout,
  // The containerd image store reports Driver "overlayfs" (a snapshotter), never "overlay2";
  // tested anyway, as domain/storage-backend.ts does first.
  matches: (facts) => facts.driver === 'overlay2' && !facts.containerdSnapshotter,
  create: (dataRoot, facts, workers) => overlay2Storage(dataRoot, facts.driver, workers),
};
