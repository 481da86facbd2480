import type { DataRootPartKind } from '@footprint/shared';
import { partDescriptions, partLabels } from '../../../domain/data-root-breakdown.js';
import { anyContainer } from '../../../domain/scan-scope.js';
import type { PlannedEntry } from '../../data-root-scan.js';
import type { DataRootLayout } from '../storage-backend.js';
import { planLayerRoot, planPerChild } from '../overlay-driver-plan.js';

/*
 * How a scan cuts a containers/storage graphroot (Podman's, overlay driver): overlay/ into one
 * entry per layer directory (l/, the short links, and loose files as its metadata);
 * overlay-layers/ (layers.json and a tar-split file per layer) and overlay-images/ (images.json
 * and a directory per image: config, manifest, signatures) as image metadata (layers.json also
 * records containers' layers: read again after a container's create or removal); overlay-containers/ into one entry per container
 * (its userdata: config.json, the log ctr.log, shm) plus containers.json; volumes/ whole; libpod/
 * (Podman's bolt database) and the rest by name.
 */

const parts: Record<string, DataRootPartKind> = {
  volumes: 'volumes',
  tmp: 'tmp',
};

const labels: Record<DataRootPartKind, string> = {
  ...partLabels,
  'image-layers': 'overlay/ image layers',
  'container-layers': 'overlay/ container writable layers',
  'container-init-layers': 'overlay/ container -init layers',
  'build-cache-layers': 'overlay/ build cache',
  'orphan-layers': 'overlay/ orphans',
  'overlay2-metadata': 'overlay/ itself and l/',
  'image-metadata': 'overlay-layers/ and overlay-images/',
  containers: 'overlay-containers/',
};

const descriptions: Record<DataRootPartKind, string> = {
  ...partDescriptions,
  'image-layers': 'The files of every image layer, one directory per layer (layers.json).',
  'overlay2-metadata': 'The overlay directory’s own entry and l/, a short link to each layer.',
  'image-metadata':
    'containers/storage’s records: layers.json with a tar-split file per layer, images.json ' +
    'with each image’s config, manifest and signatures.',
  containers: 'Each container’s userdata (config.json, its log ctr.log) and containers.json.',
};

export const containersStorageOrphanAdvice =
  'No record of containers/storage names these directories: no layer in layers.json or ' +
  'volatile-layers.json. They are usually left by a crash or an interrupted pull, load or ' +
  'removal; a pull or build in progress also makes directories that are recorded only when it ' +
  'finishes: scan again once Podman is idle. `podman system prune` does not remove them, ' +
  '`podman system check` (Podman 5) reports them. To reclaim the space safely: stop every ' +
  'podman process, check that no record names the directory (grep <name> ' +
  '<graphroot>/overlay-layers/*.json), move it out of overlay/ rather than deleting it, check ' +
  'that every image and container still works, then delete what you moved. This dashboard ' +
  'never deletes them.';

export const containersStorageLayout: DataRootLayout = {
  layerPart: 'overlay/',
  containerPart: 'overlay-containers/',
  parts,
  labels,
  descriptions,
  orphanAdvice: containersStorageOrphanAdvice,

  async planTop(top, steps) {
    if (!top.isDirectory) return false;
    const name = top.name.toString('latin1');
    if (name === 'overlay') await planLayerRoot(top, steps, 'overlay/');
    // overlay-containers/: its own entry and containers.json, then a directory per container.
    else if (name === 'overlay-containers')
      await planPerChild(top, steps, 'containers', 'overlay-containers/');
    else if (name === 'overlay-layers' || name === 'overlay-images') {
      steps.add(top, 'image-metadata', `${name}/`);
    } else return false;
    return true;
  },

  containerOf(entry: PlannedEntry, containerOfLayerDir) {
    const name = entry.name.toString('latin1');
    if (entry.partPath === 'overlay/') return containerOfLayerDir(name);
    if (entry.partPath === 'overlay-containers/') {
      // containers.json changes with every container; a directory is one container's.
      return /^[0-9a-f]{64}$/.test(name) ? name : anyContainer;
    }
    // layers.json records every container's writable layer too: rewritten on a create or rm.
    return entry.partPath === 'overlay-layers/' ? anyContainer : null;
  },
};
