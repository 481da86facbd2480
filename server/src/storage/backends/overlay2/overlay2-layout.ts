import type { DataRootPartKind } from '@footprint/shared';
import { partDescriptions, partLabels } from '../../../domain/data-root-breakdown.js';
import { orphanAdvice } from '../../../domain/overlay-dirs.js';
import { anyContainer } from '../../../domain/scan-scope.js';
import type { PlannedEntry } from '../../data-root-scan.js';
import {
  type DataRootLayout,
  isScanEntry,
  type ListedEntry,
  type PlanSteps,
} from '../storage-backend.js';
import { planLayerRoot, planPerChild } from '../overlay-driver-plan.js';

/*
 * How a scan cuts an overlay2 data root (moby's graph driver): overlay2/ into one entry per
 * layer directory (l/ and loose files as its metadata); image/overlay2/layerdb into mounts/ and
 * one entry per layer chain, so a container event reads mounts/ again and an image event only
 * the new chains; containers/ into one entry per container; every other top-level entry whole.
 */

const parts: Record<string, DataRootPartKind> = {
  image: 'image-metadata',
  containers: 'containers',
  volumes: 'volumes',
  buildkit: 'buildkit',
  network: 'network',
  plugins: 'plugins',
  tmp: 'tmp',
  swarm: 'swarm',
};

/** image/: each level's own entry, then its children, down to a layer chain each. */
async function planImageRecords(top: ListedEntry, steps: PlanSteps): Promise<void> {
  // image/<driver>/layerdb/mounts changes with every container made or removed; the rest of
  // image/ (thousands of layer records) only with images: separate entries, so a container
  // event reads again only mounts/.
  const own = { request: { selfOnly: true }, self: true };
  const whole = (entry: ListedEntry) => steps.add(entry, 'image-metadata', 'image/');
  steps.add(top, 'image-metadata', 'image/', own);
  for (const driverDir of (await steps.list(top)) as ListedEntry[]) {
    if (!driverDir.isDirectory) {
      whole(driverDir);
      continue;
    }
    steps.add(driverDir, 'image-metadata', 'image/', own);
    for (const child of (await steps.list(driverDir)) as ListedEntry[]) {
      if (!child.isDirectory || child.name.toString('latin1') !== 'layerdb') {
        whole(child);
        continue;
      }
      steps.add(child, 'image-metadata', 'image/', own);
      for (const record of (await steps.list(child)) as ListedEntry[]) {
        if (!record.isDirectory || record.name.toString('latin1') !== 'sha256') {
          whole(record);
          continue;
        }
        // One directory per layer chain, written once like the layer itself: cached the
        // same way, so an image event reads only the new chains' records.
        steps.add(record, 'image-metadata', 'image/', own);
        for (const chain of await steps.list(record, true)) {
          const cacheKey =
            !isScanEntry(chain) && chain.isDirectory
              ? `layerdb/${chain.name.toString('latin1')}`
              : null;
          steps.add(chain, 'image-metadata', 'image/', { cacheKey });
        }
      }
    }
  }
}

export const overlay2Layout: DataRootLayout = {
  layerPart: 'overlay2/',
  containerPart: 'containers/',
  parts,
  labels: partLabels,
  descriptions: partDescriptions,
  orphanAdvice,

  async planTop(top, steps) {
    if (!top.isDirectory) return false;
    const name = top.name.toString('latin1');
    if (name === 'overlay2') await planLayerRoot(top, steps, 'overlay2/');
    else if (name === 'image') await planImageRecords(top, steps);
    else if (name === 'containers') await planPerChild(top, steps, 'containers', 'containers/');
    else return false;
    return true;
  },

  containerOf(entry: PlannedEntry, containerOfLayerDir) {
    const name = entry.name.toString('latin1');
    if (entry.partPath === 'containers/') return name;
    if (entry.partPath === 'overlay2/') return containerOfLayerDir(name);
    const mounts =
      entry.partPath === 'image/' && entry.path.toString('latin1').endsWith('/layerdb/mounts');
    return mounts ? anyContainer : null;
  },
};
