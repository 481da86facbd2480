import {
  type ContainerList,
  type DataRootPart,
  type DiskUsage,
  summarizeLayers,
} from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import { diskUsage, hexId, image } from '../../../test/fixtures';
import { layer, layerList } from '../../../test/layers';
import { footprintRows } from './footprint-rows';
import { reclaimableRows } from './reclaimable';
import { barPercents, topImagesByUnique } from './top-images';

const part = (kind: DataRootPart['kind'], diskBytes: number): DataRootPart => ({
  kind,
  label: kind,
  path: `${kind}/`,
  diskBytes,
  apparentBytes: diskBytes,
  files: 1,
  entries: 1,
  description: '',
});

// A measured data root of 10,000 bytes: parts 9,900 + unexplained 100.
const measured: DiskUsage = {
  ...diskUsage,
  dataRoot: {
    path: '/var/lib/docker',
    diskBytes: 10_000,
    apparentBytes: 9_000,
    files: 10,
    parts: [
      part('image-layers', 5_000),
      part('container-layers', 1_000),
      part('container-init-layers', 200),
      part('volumes', 800),
      part('buildkit', 300),
      part('build-cache-layers', 700),
      part('orphan-layers', 400),
      part('containers', 1_000),
      part('image-metadata', 500),
    ],
    unexplained: { diskBytes: 100, apparentBytes: 0, description: '' },
  },
};

// Layers: x (held by 2 images) 3,000 on disk, y and z (one image each) 1,500 and 500: 5,000.
const list = layerList([
  layer('1', null, 2_900, [hexId('a'), hexId('b')], [], 3_000),
  layer('2', '1', 1_400, [hexId('a')], [hexId('a')], 1_500),
  layer('3', '1', 450, [hexId('b')], [hexId('b')], 500),
]);
// a (tagged, a container uses it) and b (dangling, unused).
const images = [
  image({ id: hexId('a'), repoTags: ['a:1'], containers: 1 }),
  image({ id: hexId('b') }),
];
const layers = summarizeLayers(list, images);

const containers = {
  containers: [{ logs: { diskBytes: 250 } }, { logs: { diskBytes: 50 } }],
} as unknown as ContainerList;

describe('footprintRows', () => {
  it('puts engine figures beside on-disk ones, and the on-disk rows add up to the data root', () => {
    const rows = footprintRows({ disk: measured, layers, containers });
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    // Unique: 1,400 + 450 = 1,850 (engine), 1,500 + 500 = 2,000 on disk. Shared: x alone.
    expect(byKey['image-unique']).toMatchObject({ engineBytes: 1_850, diskBytes: 2_000 });
    expect(byKey['image-shared']).toMatchObject({ engineBytes: 2_900, diskBytes: 3_000 });
    // Containers: 1,000 + 200 init on disk; the engine's 30,000 from the df fixture.
    expect(byKey['container-layers']).toMatchObject({ engineBytes: 30_000, diskBytes: 1_200 });
    expect(byKey.volumes).toMatchObject({ engineBytes: 0, diskBytes: 800 });
    // Build cache: buildkit/ 300 + snapshot layers 700 on disk.
    expect(byKey['build-cache']).toMatchObject({ engineBytes: 2_000_000, diskBytes: 1_000 });
    expect(byKey.logs).toMatchObject({ engineBytes: null, diskBytes: 300 });
    expect(byKey.orphans?.diskBytes).toBe(400);
    // Other: containers/ 1,000 − logs 300 + image/ 500 = 1,200.
    expect(byKey.other?.diskBytes).toBe(1_200);
    expect(byKey.unexplained?.diskBytes).toBe(100);
    // 2,000 + 3,000 + 1,200 + 800 + 1,000 + 300 + 400 + 1,200 + 100 = 10,000.
    expect(rows.reduce((sum, row) => sum + (row.diskBytes ?? 0), 0)).toBe(10_000);
  });

  it('shows no on-disk figure at all before the data root is measured', () => {
    const rows = footprintRows({ disk: diskUsage, layers, containers });
    expect(rows.every((row) => row.diskBytes === null)).toBe(true);
    expect(rows.find((row) => row.key === 'volumes')?.engineBytes).toBe(0);
  });

  it('keeps image layers whole in "other" when they cannot be split on disk', () => {
    const rows = footprintRows({ disk: measured, layers: undefined, containers: undefined });
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    expect(byKey['image-unique']?.diskBytes).toBeNull();
    expect(byKey.logs?.diskBytes).toBeNull();
    // containers/ 1,000 + image/ 500 + image layers 5,000 = 6,500; still 10,000 in all.
    expect(byKey.other?.diskBytes).toBe(6_500);
    expect(rows.reduce((sum, row) => sum + (row.diskBytes ?? 0), 0)).toBe(10_000);
  });
});

describe('reclaimableRows', () => {
  it('links each kind to its list, images as the layers only they hold', () => {
    const rows = reclaimableRows(measured, layers);
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    // Only b is dangling and unused: it alone holds layer 3 (450); layer 1 is a's too.
    expect(byKey['dangling-images']).toMatchObject({
      bytes: 450,
      count: 1,
      link: '/images?filter=dangling',
    });
    expect(byKey['unused-images']).toMatchObject({ bytes: 450, link: '/images?filter=unused' });
    expect(byKey['stopped-containers']).toMatchObject({ bytes: 10_000, count: 2 });
    expect(byKey['build-cache']).toMatchObject({
      bytes: 2_000_000,
      link: '/build-cache?filter=reclaimable',
    });
    expect(byKey.orphans).toBeUndefined();
  });

  it('shows docker system df’s image figure beside the unused images, labelled, when it differs', () => {
    const disk = { ...measured, images: { ...measured.images, reclaimableBytes: 1_450 } };
    const unused = reclaimableRows(disk, layers).find((row) => row.key === 'unused-images');
    expect(unused?.bytes).toBe(450);
    expect(unused?.dockerCount?.bytes).toBe(1_450);
    expect(unused?.dockerCount?.note).toContain('layers that images in use share');
  });
});

describe('top images', () => {
  it('orders by unique bytes and scales bars to the largest', () => {
    const images = [
      image({ id: hexId('a'), size: 100, sharedSize: 80 }),
      image({ id: hexId('b'), size: 300, sharedSize: 100 }),
      image({ id: hexId('c'), size: 50, sharedSize: 0 }),
    ];
    // Unique: a 20, b 200, c 50.
    expect(topImagesByUnique(images, 2).map((entry) => entry.uniqueSize)).toEqual([200, 50]);
    expect(barPercents([200, 50, 0])).toEqual([100, 25, 0]);
  });
});
