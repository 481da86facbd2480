import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DiskUsage,
  type Health,
  humanBytes,
  type ImageDetail,
  type ImageList,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainIds } from '../../src/domain/layers.js';
import {
  appOnPrivateEngine,
  expectImagesAsDf,
  fixtures,
  privateEngine,
  type RawDf,
} from './context.js';

const engine = privateEngine();
const { images: fx, stoppedContainerId } = fixtures();
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;

beforeAll(async () => {
  app = await appOnPrivateEngine(engine);
});
afterAll(() => app.close());

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

describe('GET /api/health', () => {
  it('names the engine, the negotiated API version, the driver and the data root', async () => {
    const health = await getJson<Health>('/api/health');
    const version = await engine.api<{ Version: string; ApiVersion: string }>('/version');
    expect(health).toEqual({
      status: 'ok',
      engine: expect.objectContaining({
        reachable: true,
        endpoint: engine.socketPath,
        message: null,
        version: version.Version,
        // Debian's engine 20.10 speaks 1.41, below our newest known version: 1.41 is negotiated.
        apiVersion: version.ApiVersion,
        storageDriver: 'overlay2',
        dockerRootDir: engine.dataRoot,
      }),
    });
  });
});

describe('GET /api/images', () => {
  it('reports every image with exactly the sizes of the engine’s /system/df', async () => {
    const { images } = await getJson<ImageList>('/api/images');
    const df = await engine.api<RawDf>('/v1.41/system/df');
    expectImagesAsDf(images, df);
  });

  it('agrees with what `docker system df -v` prints for every image', async () => {
    const { images } = await getJson<ImageList>('/api/images');
    const lines = (
      await engine.docker(['system', 'df', '-v', '--format', '{{json .Images}}'])
    ).trim();
    const cli = JSON.parse(lines) as {
      ID: string;
      Size: string;
      SharedSize: string;
      UniqueSize: string;
      Containers: string;
    }[];
    expect(cli).toHaveLength(images.length);
    for (const row of cli) {
      const id = row.ID.replace(/^sha256:/, '');
      const image = images.find((candidate) => candidate.id.slice(7).startsWith(id));
      expect(image, row.ID).toBeDefined();
      if (image === undefined) continue;
      // The CLI prints an image's size with 3 significant digits, the other columns with 4.
      expect(humanBytes(image.size, 3)).toBe(row.Size);
      expect(humanBytes(image.sharedSize)).toBe(row.SharedSize);
      expect(humanBytes(image.uniqueSize)).toBe(row.UniqueSize);
      expect(String(image.containers)).toBe(row.Containers);
    }
  });

  it('lists tags, dangling images and containers, and no chain IDs', async () => {
    const { images } = await getJson<ImageList>('/api/images');
    const byId = new Map(images.map((image) => [image.id, image]));

    expect(byId.get(fx.appOne.id)?.repoTags.sort()).toEqual(
      [
        'footprint-fixture/app:1',
        'footprint-fixture/app:latest',
        'registry.example:5000/team/app:1',
      ].sort(),
    );
    expect(byId.get(fx.replaced.id)).toMatchObject({ repoTags: [], dangling: true });
    expect(byId.get(fx.replacement.id)).toMatchObject({
      repoTags: ['footprint-fixture/moving:1'],
      dangling: false,
    });
    // The stopped container and the created one with a volume both use busybox.
    expect(byId.get(fx.busybox.id)?.containers).toBe(2);
    expect(byId.get(fx.baseAlpha.id)?.containers).toBe(0);

    // Chain IDs were most of the list's bytes: GET /api/layers and the detail have them.
    for (const image of images) expect(image).not.toHaveProperty('layers');
  });
});

describe('GET /api/images/:id', () => {
  it('gives the chain IDs bottom first', async () => {
    // The bottom chain ID is the bottom diff ID; appOne's second layer sits on alpha's chain.
    const appOne = await getJson<ImageDetail>(`/api/images/${fx.appOne.id}`);
    expect(appOne.layers[0]?.chainId).toBe(fx.baseAlpha.diffIds[0]);
    expect(appOne.layers).toHaveLength(2);
    // The same diff on another base is another chain.
    const appOnBeta = await getJson<ImageDetail>(`/api/images/${fx.appOnBeta.id}`);
    expect(fx.appOnBeta.diffIds[1]).toBe(fx.appOne.diffIds[1]);
    expect(appOnBeta.layers[1]?.chainId).not.toBe(appOne.layers[1]?.chainId);
  });

  it('gives every layer of every image its cache directory and recorded size', async () => {
    const { images } = await getJson<ImageList>('/api/images');
    for (const summary of images) {
      const detail = await getJson<ImageDetail>(`/api/images/${summary.id}`);
      expect(detail.layerMetadata).toEqual({ readable: true, message: null });
      // The diff IDs the engine records, each with its chain ID (the list has none).
      const inspected = await engine.api<{ RootFS: { Layers?: string[] } }>(
        `/v1.41/images/${summary.id}/json`,
      );
      const diffIds = inspected.RootFS.Layers ?? [];
      expect(detail.layers.map((layer) => layer.diffId)).toEqual(diffIds);
      expect(detail.layers.map((layer) => layer.chainId)).toEqual(chainIds(diffIds));
      expect(detail.size).toBe(summary.size);
      let layerBytes = 0;
      for (const layer of detail.layers) {
        expect(layer.cacheId).toMatch(/^[0-9a-z]+$/);
        expect(existsSync(join(engine.dataRoot, 'overlay2', layer.cacheId ?? '', 'diff'))).toBe(
          true,
        );
        layerBytes += layer.size ?? Number.NaN;
        expect(layer.sharedBy).toContain(summary.id);
      }
      // An image's size is the sum of its layers' recorded sizes.
      expect(layerBytes).toBe(summary.size);
      // GraphDriver: the top layer is UpperDir, the ones below are LowerDir, top first.
      const dirs = detail.layers.map((layer) =>
        join(engine.dataRoot, 'overlay2', layer.cacheId ?? '', 'diff'),
      );
      expect(detail.graphDriver.name).toBe('overlay2');
      expect(detail.graphDriver.upperDir).toBe(dirs.at(-1));
      expect(detail.graphDriver.lowerDir).toEqual(dirs.slice(0, -1).reverse());
    }
  });

  it('names the images that share each chain', async () => {
    const appTwo = await getJson<ImageDetail>(`/api/images/${fx.appTwo.id}`);
    expect(appTwo.layers[0]?.sharedBy.sort()).toEqual(
      [fx.baseAlpha.id, fx.appOne.id, fx.appTwo.id].sort(),
    );
    expect(appTwo.layers[1]?.sharedBy).toEqual([fx.appTwo.id]);

    const onBeta = await getJson<ImageDetail>(`/api/images/${fx.appOnBeta.id}`);
    expect(onBeta.layers[1]?.diffId).toBe(fx.appOne.diffIds[1]);
    expect(onBeta.layers[1]?.sharedBy).toEqual([fx.appOnBeta.id]);
  });

  it('gives the history from the image config, empty layers included', async () => {
    const appOne = await getJson<ImageDetail>(`/api/images/${fx.appOne.id}`);
    expect(appOne.history.map((entry) => [entry.createdBy, entry.emptyLayer])).toEqual([
      ['ADD alpha-rootfs.tar /', false],
      ['COPY app-one /app', false],
      ['ENV MODE=one', true],
      ['CMD ["/app/one.bin"]', true],
    ]);
  });

  it('gives the image config’s labels as they are, and none for an image without', async () => {
    const appOne = await getJson<ImageDetail>(`/api/images/${fx.appOne.id}`);
    expect(appOne.labels).toEqual({
      'org.example.note': '<script>alert("label")</script>',
      'org.example.bidi': 'safe\u202Etxt.exe',
    });
    const appTwo = await getJson<ImageDetail>(`/api/images/${fx.appTwo.id}`);
    expect(appTwo.labels).toEqual({});
  });

  it('finds an image by tag, by short ID and by full ID alike', async () => {
    for (const reference of [
      'footprint-fixture/app:2',
      fx.appTwo.id.slice(7, 19),
      fx.appTwo.id.slice(7),
    ]) {
      const detail = await getJson<ImageDetail>(`/api/images/${encodeURIComponent(reference)}`);
      expect(detail.id).toBe(fx.appTwo.id);
    }
  });
});

describe('GET /api/disk', () => {
  it('equals `docker system df` row by row', async () => {
    const disk = await getJson<DiskUsage>('/api/disk');
    const output = await engine.docker(['system', 'df', '--format', '{{json .}}']);
    const rows = output
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            Type: string;
            TotalCount: string;
            Active: string;
            Size: string;
            Reclaimable: string;
          },
      );
    const byType = Object.fromEntries(rows.map((row) => [row.Type, row]));
    const pairs = [
      ['Images', disk.images],
      ['Containers', disk.containers],
      ['Local Volumes', disk.volumes],
      ['Build Cache', disk.buildCache],
    ] as const;
    for (const [type, category] of pairs) {
      const row = byType[type];
      expect(row, type).toBeDefined();
      expect(String(category.count), type).toBe(row?.TotalCount);
      expect(String(category.active), type).toBe(row?.Active);
      expect(humanBytes(category.totalBytes), type).toBe(row?.Size);
      // The CLI prints "20kB (50%)" for the reclaimable part.
      expect(row?.Reclaimable.split(' ')[0], type).toBe(humanBytes(category.reclaimableBytes));
    }
    expect(disk.containers.count).toBe(2);
    expect(disk.volumes.count).toBe(3);
    expect(disk.buildCache.count).toBeGreaterThan(0);
  });

  it('counts the stopped container’s writable layer as reclaimable', async () => {
    const disk = await getJson<DiskUsage>('/api/disk');
    const [container] = await engine.api<{ Id: string; SizeRw: number }[]>(
      `/v1.41/containers/json?all=1&size=1&filters=${encodeURIComponent(JSON.stringify({ id: [stoppedContainerId] }))}`,
    );
    expect(container?.SizeRw).toBeGreaterThanOrEqual(64_000);
    expect(disk.containers.reclaimableBytes).toBe(disk.containers.totalBytes);
    expect(disk.containers.totalBytes).toBe(container?.SizeRw);
  });
});
