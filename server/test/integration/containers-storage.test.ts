import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ScanPool } from '../../src/storage/scan/scan-pool.js';
import { chainIds } from '../../src/domain/layers.js';
import {
  findStorageLocation,
  measureLayerDirectories,
  orphansOf,
  readContainersStorage,
} from '../../src/storage/backends/containers-storage/storage-files.js';
import { du } from '../helpers/du.js';
import { destroyPodmanAfter, startPodmanWithFixtures } from '../helpers/podman-setup.js';
import type { PodmanFixtures, PrivatePodman } from '../helpers/private-podman.js';

/*
 * Podman's storage (containers/storage, overlay driver) read from its graphroot on a real
 * Podman 4.3 with the fixture images: the records mapped to images and containers as Podman
 * itself says (podman image inspect, podman inspect), every layer directory as du counts it, and
 * a directory no record names found as an orphan.
 */

let podman: PrivatePodman;
let fixtures: PodmanFixtures;
const plantedOrphan = 'f'.repeat(64);
// The scan workers, as an app has them.
const scanPool = new ScanPool();

beforeAll(async () => {
  // A layer directory left behind (an interrupted pull, say): no record names it.
  ({ podman, fixtures } = await startPodmanWithFixtures({
    id: plantedOrphan,
    bytes: 12_345,
    fill: 7,
  }));
});

afterAll(() => destroyPodmanAfter(podman, scanPool));

it('finds the graphroot and driver in the storage.conf Podman reads', async () => {
  const location = await findStorageLocation(
    { CONTAINERS_STORAGE_CONF: podman.storageConf, HOME: '/nonexistent' },
    false,
  );
  expect(location).toEqual({
    graphRoot: podman.graphRoot,
    driver: 'overlay',
    configFile: podman.storageConf,
  });
});

it('maps each image to its layers as `podman image inspect` gives its RootFS', async () => {
  const storage = await readContainersStorage(podman.graphRoot);
  const byId = new Map(storage.layers.map((layer) => [layer.id, layer]));
  for (const [name, built] of Object.entries(fixtures.images)) {
    const rootFs = JSON.parse(
      await podman.podman(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', built.id]),
    ) as string[];
    const layerIds = storage.map.layersOfImage.get(built.id);
    expect(layerIds, name).toBeDefined();
    expect(
      layerIds?.map((id) => byId.get(id)?.diffDigest),
      name,
    ).toEqual(rootFs);
    expect(
      layerIds?.map((id) => storage.map.chainOfLayer.get(id)),
      name,
    ).toEqual([...chainIds(rootFs)]);
    for (const id of layerIds ?? []) {
      expect(storage.map.imagesOfLayer.get(id), `${name} ${id}`).toContain(built.id);
    }
  }
  // The alpha base's layer is held by the three images built on it; the same diff on the
  // two bases is two layers.
  const alphaLayer = storage.map.layersOfImage.get(fixtures.images.baseAlpha.id)?.[0] ?? '';
  expect(storage.map.imagesOfLayer.get(alphaLayer)?.sort()).toEqual(
    [fixtures.images.baseAlpha.id, fixtures.images.appOne.id, fixtures.images.appTwo.id].sort(),
  );
  const appOneTop = storage.map.layersOfImage.get(fixtures.images.appOne.id)?.[1];
  const appOnBetaTop = storage.map.layersOfImage.get(fixtures.images.appOnBeta.id)?.[1];
  expect(appOneTop).toBeDefined();
  expect(appOneTop).not.toBe(appOnBetaTop);
  expect(byId.get(appOneTop ?? '')?.diffDigest).toBe(byId.get(appOnBetaTop ?? '')?.diffDigest);
});

it('maps the container to its writable layer as `podman inspect` names its UpperDir', async () => {
  const storage = await readContainersStorage(podman.graphRoot);
  const upperDir = (
    await podman.podman([
      'inspect',
      '--format',
      '{{.GraphDriver.Data.UpperDir}}',
      fixtures.stoppedContainerId,
    ])
  ).trim();
  const layerId = upperDir.split('/').at(-2) ?? '';
  expect(upperDir).toBe(join(podman.graphRoot, 'overlay', layerId, 'diff'));
  expect(storage.map.containerOfLayer.get(layerId)).toBe(fixtures.stoppedContainerId);
  // Its parent is the busybox image's layer, and it has no diff digest (it is still written).
  const layer = storage.layers.find((candidate) => candidate.id === layerId);
  expect(layer?.parent).toBe(storage.map.layersOfImage.get(fixtures.images.busybox.id)?.[0]);
  expect(layer?.diffDigest).toBeNull();
  expect(storage.map.chainOfLayer.has(layerId)).toBe(false);
});

it('finds the planted orphan, and only it', async () => {
  const storage = await readContainersStorage(podman.graphRoot);
  expect(storage.layerDirectories).toContain('l');
  expect(orphansOf(storage)).toEqual([plantedOrphan]);
});

it('measures every layer directory, the orphan too, exactly as du -B1 -s and du -b -s', async () => {
  const storage = await readContainersStorage(podman.graphRoot);
  const ids = storage.layerDirectories.filter((name) => name !== 'l');
  // Every image layer, the container's layer and the orphan.
  expect(ids).toHaveLength(storage.layers.length + 1);
  const measured = await measureLayerDirectories(scanPool, storage, ids);
  for (const layer of measured) {
    const path = join(podman.graphRoot, 'overlay', layer.id);
    expect(layer.diskBytes, layer.id).toBe(await du(['-B1', '-s'], path));
    expect(layer.apparentBytes, layer.id).toBe(await du(['-b', '-s'], path));
    const record = storage.layers.find((candidate) => candidate.id === layer.id);
    expect(layer.diffSize, layer.id).toBe(record?.diffSize ?? null);
  }
  // Podman's diff-size (the layer's tar stream) beside the bytes on disk: neither is the other.
  const busyboxLayer = storage.map.layersOfImage.get(fixtures.images.busybox.id)?.[0];
  const busybox = measured.find((layer) => layer.id === busyboxLayer);
  expect(busybox?.diffSize).toBeGreaterThan(0);
  expect(busybox?.diskBytes).not.toBe(busybox?.diffSize);
  const orphan = measured.find((layer) => layer.id === plantedOrphan);
  expect(orphan?.diffSize).toBeNull();
  expect(orphan?.apparentBytes).toBe(
    await du(['-b', '-s'], join(podman.graphRoot, 'overlay', plantedOrphan)),
  );
});

it('reads a store without containers or volatile layers, and an emptied one', async () => {
  const dir = join(podman.dir, 'empty-root');
  await mkdir(join(dir, 'overlay'), { recursive: true });
  const storage = await readContainersStorage(dir);
  expect(storage.layers).toEqual([]);
  expect(storage.images).toEqual([]);
  expect(orphansOf(storage)).toEqual([]);
  await rm(dir, { recursive: true });
});
