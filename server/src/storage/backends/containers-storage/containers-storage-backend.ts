import { join } from 'node:path';
import type { PlannedItem } from '../../../domain/prune-types.js';
import { removedDiskBytes } from '../../../domain/prune-disk.js';
import { type DataRootAccess, probeDirs } from '../../data-root-access.js';
import { measurePaths } from '../../measure-paths.js';
import type { StorageWorkers } from '../../storage-workers.js';
import type {
  BackendFactory,
  ContainerFootprint,
  DataRootBackend,
  LayerRecord,
  MountRecord,
  RemovalLookups,
  ScanMetadata,
} from '../storage-backend.js';
import { readLayerLinks } from '../overlay2/layer-links.js';
import { containersStorageLayout } from './containers-storage-layout.js';
import { ContainersStorageStore } from './containers-storage-store.js';

/*
 * containers/storage with its overlay driver: Podman's (and Buildah's, CRI-O's) graphroot,
 * rootful /var/lib/containers/storage, rootless ~/.local/share/containers/storage, or the
 * graphroot of storage.conf; Podman's /info gives it as DockerRootDir. A layer directory
 * overlay/<id> per layer record of overlay-layers/layers.json, short links in overlay/l/, images
 * in overlay-images/, containers' writable layers recorded in overlay-containers/containers.json
 * (no -init layer: Podman keeps /etc/hosts and the like in the container's userdata).
 */

const hex = (id: string) => id.replace(/^sha256:/, '');

function probe(graphRoot: string, driver: string, rootless: boolean): Promise<DataRootAccess> {
  const needed = [graphRoot, join(graphRoot, driver), join(graphRoot, `${driver}-layers`)];
  return probeDirs(needed, (dir, code) => {
    const fix =
      code === 'ENOENT'
        ? 'If the dashboard runs in a container or on another host, mount Podman’s graphroot ' +
          'read-only and set DOCKER_DATA_ROOT to where it is mounted.'
        : rootless
          ? 'This Podman is rootless: its graphroot belongs to the user who runs it; run the ' +
            'dashboard as that user.'
          : 'Run the dashboard as root, or as a user who can read the graphroot.';
    return `${dir} cannot be read here (${code}). ${fix} Podman’s own figures are shown meanwhile.`;
  });
}

/**
 * The paths under the graphroot removing each item frees: an image's freed layer directories
 * with their short links and tar-split files and its overlay-images/<id> (config, manifest,
 * signatures); a container's writable layer with its link and overlay-containers/<id>; a
 * volume's directory. Their records in layers.json, images.json and containers.json go too: those
 * files are rewritten a few hundred bytes shorter, which is not named here (whole blocks on disk,
 * most often the same count).
 */
async function removalPaths(
  workers: StorageWorkers,
  store: ContainersStorageStore,
  driver: string,
  plan: {
    items: readonly Pick<PlannedItem, 'kind' | 'id'>[];
    freedChains: ReadonlyMap<string, string[]>;
  },
  lookups: RemovalLookups,
): Promise<(string[] | null)[]> {
  const storage = await store.storage();
  const layerOfContainer = new Map(storage.containers.map((c) => [c.id, c.layer]));
  const layerIds = new Set<string>();
  for (const item of plan.items) {
    if (item.kind === 'image') {
      for (const chain of plan.freedChains.get(item.id) ?? []) {
        const id = lookups.cacheIdOf(chain);
        if (id !== null) layerIds.add(id);
      }
    } else if (item.kind === 'container') {
      const id = lookups.mountsOf(item.id)?.mountId ?? layerOfContainer.get(item.id);
      if (id !== undefined) layerIds.add(id);
    }
  }
  const ids = [...layerIds];
  const links = new Map(
    (await readLayerLinks(workers.bulkRead, join(store.dataRoot, driver), ids)).map((link, i) => [
      ids[i] as string,
      link,
    ]),
  );
  const layerPaths = (id: string) => {
    const link = links.get(id) ?? null;
    return [`${driver}/${id}`, ...(link !== null ? [`${driver}/l/${link}`] : [])];
  };
  return plan.items.map((item) => {
    switch (item.kind) {
      case 'image': {
        const paths = [`${driver}-images/${hex(item.id)}`];
        for (const chain of plan.freedChains.get(item.id) ?? []) {
          const id = lookups.cacheIdOf(chain);
          if (id === null) return null;
          paths.push(...layerPaths(id), `${driver}-layers/${id}.tar-split.gz`);
        }
        return paths;
      }
      case 'container': {
        const id = lookups.mountsOf(item.id)?.mountId ?? layerOfContainer.get(item.id);
        if (id === undefined) return null;
        return [...layerPaths(id), `${driver}-containers/${item.id}`];
      }
      case 'volume':
        return [`volumes/${item.id}`];
      case 'build-cache':
        return null;
    }
  });
}

/** Its writable layer, its log (k8s-file: userdata/ctr.log) and all removing it frees, now. */
async function containerFootprint(
  workers: StorageWorkers,
  store: ContainersStorageStore,
  driver: string,
  containerId: string,
): Promise<ContainerFootprint> {
  const layerId = await store.mountId(containerId);
  const [paths = null] = await removalPaths(
    workers,
    store,
    driver,
    { items: [{ kind: 'container', id: containerId }], freedChains: new Map() },
    { cacheIdOf: () => null, mountsOf: () => null },
  );
  const log = `${driver}-containers/${containerId}/userdata/ctr.log`;
  const asked = [...new Set([...(paths ?? []), log])];
  const measured = await measurePaths(
    workers.scan,
    asked.map((path) => `${store.dataRoot}/${path}`),
  );
  const at = (path: string) => measured[asked.indexOf(path)] ?? null;
  return {
    writableLayerBytes: layerId !== null ? at(`${driver}/${layerId}`) : null,
    initLayerBytes: layerId !== null ? 0 : null,
    logBytes: at(log),
    totalBytes: removedDiskBytes([paths], at)[0] ?? null,
  };
}

/**
 * Every layer record (image layers by chain ID, containers' writable layers as their mounts)
 * and who names each directory of overlay/: a directory no record names is an orphan.
 */
async function readScanMetadata(store: ContainersStorageStore): Promise<ScanMetadata> {
  const storage = await store.storage();
  const layers: LayerRecord[] = [];
  for (const layer of storage.layers) {
    const chainId = storage.map.chainOfLayer.get(layer.id);
    if (chainId !== undefined)
      layers.push({ chainId, cacheId: layer.id, diffId: layer.diffDigest });
  }
  const mounts: MountRecord[] = storage.containers.map((container) => ({
    containerId: container.id,
    mountId: container.layer,
    initId: null,
  }));
  const containerLayers = new Set(mounts.map((mount) => mount.mountId));
  // Every other recorded layer is an image's (or a build's intermediate layer, which
  // containers/storage keeps as a layer like any other): referenced, never an orphan.
  const imageLayers = new Set(
    storage.layers.map((layer) => layer.id).filter((id) => !containerLayers.has(id)),
  );
  return {
    layers,
    mounts,
    references: {
      imageLayers,
      containerLayers,
      initLayers: new Set(),
      buildCache: new Set(),
      unfinishedLayers: new Set(
        storage.layers.filter((layer) => layer.incomplete).map((layer) => layer.id),
      ),
    },
  };
}

function containersStorage(
  graphRoot: string,
  driver: string,
  workers: StorageWorkers,
): DataRootBackend {
  const store = new ContainersStorageStore(graphRoot, driver);
  return {
    name: 'containers-storage',
    driver,
    dataRoot: graphRoot,
    layout: containersStorageLayout,
    workers,
    probe: (rootless) => probe(graphRoot, driver, rootless),
    // The records are a few JSON files, read again only when they changed (the store's stamp).
    readScanMetadata: () => readScanMetadata(store),
    layerDirectory: (cacheId) => join(graphRoot, driver, cacheId),
    async openLayerStore() {
      const access = await probe(graphRoot, driver, false);
      if (!access.readable) return { readable: false, message: access.reason };
      return { readable: true, store, files: store };
    },
    containerFootprint: (containerId) => containerFootprint(workers, store, driver, containerId),
    removalPaths: (plan, lookups) => removalPaths(workers, store, driver, plan, lookups),
  };
}

export const containersStorageBackend: BackendFactory = {
  name: 'containers-storage',
  layout: containersStorageLayout,
  // Docker's long-removed "overlay" (v1) driver had the same name: Podman is told by /version.
  matches: (facts) => facts.engineKind === 'podman' && facts.driver === 'overlay',
  create: (graphRoot, facts, workers) => containersStorage(graphRoot, facts.driver, workers),
};
