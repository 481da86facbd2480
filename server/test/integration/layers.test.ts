import type { ImageDetail, ImageList, LayerList, LayerSummary } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImages } from '../helpers/fixtures.js';
import { appOnPrivateEngine, fixtures, privateEngine, type RawDf } from './context.js';

const engine = privateEngine();
const { images: fx } = fixtures();
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;

beforeAll(async () => {
  app = await appOnPrivateEngine(engine, { watchEngine: false });
});
afterAll(() => app.close());

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

describe('GET /api/layers', () => {
  it('lists every chain of every image once, with the sizes GET /api/images/:id gives', async () => {
    const { images } = await getJson<ImageList>('/api/images');
    // Ask once so that the data root gets scanned, then compare measured figures too.
    await getJson('/api/disk');
    await app.engines.default.diskTruth.whenIdle();
    const list = await getJson<LayerList>('/api/layers');
    expect(list.layerMetadata).toEqual({ readable: true, message: null });
    expect(list.measured).toBe(true);

    const byChain = new Map(list.layers.map((layer) => [layer.chainId, layer]));
    expect(byChain.size).toBe(list.layers.length);

    const allChains = new Set<string>();
    for (const image of images) {
      const detail = await getJson<ImageDetail>(`/api/images/${image.id}`);
      const chain = detail.layers.map((layer) => layer.chainId);
      for (const chainId of chain) allChains.add(chainId);
      // The layers naming an image are its chain, bottom first (the list has no chain IDs:
      // the web adds up an image's on-disk bytes from these).
      expect(
        list.layers.filter((node) => node.images.includes(image.id)).map((node) => node.chainId),
      ).toEqual(chain);
      detail.layers.forEach((layer, index) => {
        const node = byChain.get(layer.chainId);
        expect(node, layer.chainId).toBeDefined();
        expect(node?.diffId).toBe(layer.diffId);
        expect(node?.size).toBe(layer.size);
        expect(node?.cacheId).toBe(layer.cacheId);
        expect(node?.diskBytes).toBe(layer.diskBytes);
        expect(node?.parentChainId).toBe(index === 0 ? null : detail.layers[index - 1]?.chainId);
        expect([...(node?.images ?? [])].sort()).toEqual([...layer.sharedBy].sort());
      });
      expect(byChain.get(chain.at(-1) as string)?.topOf).toContain(image.id);
    }
    expect(new Set(byChain.keys())).toEqual(allChains);
    // Parents come before their children.
    const seen = new Set<string>();
    for (const layer of list.layers) {
      if (layer.parentChainId !== null) expect(seen.has(layer.parentChainId)).toBe(true);
      seen.add(layer.chainId);
    }
  });

  it('adds up, per image, to the engine’s Size and SharedSize of /system/df', async () => {
    const list = await getJson<LayerList>('/api/layers');
    const df = await engine.api<RawDf>('/v1.41/system/df');
    const { images } = await getJson<ImageList>('/api/images');
    for (const raw of df.Images) {
      expect(images.map((image) => image.id)).toContain(raw.Id);
      // An image's layers are those that name it (as the web finds them).
      const chain = list.layers.filter((layer) => layer.images.includes(raw.Id));
      const size = chain.reduce((sum, layer) => sum + (layer.size ?? 0), 0);
      const shared = chain
        .filter((layer) => layer.images.length > 1)
        .reduce((sum, layer) => sum + (layer.size ?? 0), 0);
      expect(size, raw.RepoTags?.join(', ') ?? raw.Id).toBe(raw.Size);
      expect(shared, raw.RepoTags?.join(', ') ?? raw.Id).toBe(raw.SharedSize);
    }
    // Every layer counted once is the engine's LayersSize.
    expect(list.layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0)).toBe(df.LayersSize);
  });

  it('shares the base layer of app:1 and app:2, and not the one of app-on-beta', async () => {
    const list = await getJson<LayerList>('/api/layers');
    const base = list.layers.find((layer) => layer.images.includes(fx.baseAlpha.id));
    expect(base?.parentChainId).toBeNull();
    expect(base?.images).toEqual(expect.arrayContaining([fx.appOne.id, fx.appTwo.id]));
    expect(base?.images).not.toContain(fx.appOnBeta.id);
    expect(base?.topOf).toEqual([fx.baseAlpha.id]);
  });

  it('follows the image set and the scans: a new image’s layer is listed, then measured', async () => {
    const before = await getJson<LayerList>('/api/layers');
    expect(before.measured).toBe(true);
    const [added] = await loadImages(engine, [
      {
        tags: ['footprint-test/layers-follow:1'],
        layers: [{ entries: [{ type: 'file', path: 'follow.txt', content: 'x'.repeat(40_000) }] }],
      },
    ]);
    try {
      const listed = await getJson<LayerList>('/api/layers');
      const layer = listed.layers.find((node) => node.topOf.includes(added?.id ?? ''));
      expect(layer?.size).toBe(40_000);
      expect(layer?.cacheId).toMatch(/^[0-9a-f]{64}$/);
      // Not scanned yet: no figure, and the list says why.
      expect(layer?.diskBytes).toBeNull();
      expect(listed.measured).toBe(false);
      expect(listed.notMeasuredReason).toMatch(/appeared after the last scan/);

      app.engines.default.diskTruth.refresh();
      await app.engines.default.diskTruth.whenIdle();
      const scanned = await getJson<LayerList>('/api/layers');
      const measured = scanned.layers.find((node) => node.chainId === layer?.chainId);
      expect(scanned.measured).toBe(true);
      expect(measured?.diskBytes).toBeGreaterThanOrEqual(40_000);
    } finally {
      await engine.docker(['rmi', added?.id ?? '']);
    }
    const after = await getJson<LayerList>('/api/layers');
    const chains = (list: LayerList) => list.layers.map((node) => node.chainId).sort();
    expect(chains(after)).toEqual(chains(before));
  });
});

describe('GET /api/layers/summary', () => {
  /** The sums as a page makes them from the two lists. */
  function sumsOf(list: LayerList, images: ImageList['images']) {
    const held = (pick: (count: number) => boolean) => {
      const layers = list.layers.filter((layer) => pick(layer.images.length));
      return {
        layers: layers.length,
        engineBytes: layers.reduce((sum, layer) => sum + (layer.size as number), 0),
        diskBytes: layers.some((layer) => layer.diskBytes === null)
          ? null
          : layers.reduce((sum, layer) => sum + (layer.diskBytes as number), 0),
      };
    };
    const onlyIn = (pick: (image: ImageList['images'][number]) => boolean) => {
      const ids = new Set(images.filter(pick).map((image) => image.id));
      const layers = list.layers.filter(
        (layer) => ids.size > 0 && layer.images.every((id) => ids.has(id)),
      );
      return {
        images: ids.size,
        layers: layers.length,
        engineBytes: layers.reduce((sum, layer) => sum + (layer.size as number), 0),
        unknownLayers: 0,
      };
    };
    return {
      unique: held((count) => count === 1),
      shared: held((count) => count > 1),
      onlyIn: {
        dangling: onlyIn((image) => image.dangling),
        unused: onlyIn((image) => image.containers === 0),
      },
      layerMetadata: list.layerMetadata,
      measured: list.measured,
      notMeasuredReason: list.notMeasuredReason,
    };
  }

  it('is the layer list summed, for the images the image list gives', async () => {
    await getJson('/api/disk');
    await app.engines.default.diskTruth.whenIdle();
    const list = await getJson<LayerList>('/api/layers');
    const { images } = await getJson<ImageList>('/api/images');
    const summary = await getJson<LayerSummary>('/api/layers/summary');
    expect(summary).toEqual(sumsOf(list, images));
    expect(summary.measured).toBe(true);
    expect(summary.unique.diskBytes).not.toBeNull();
    expect(summary.shared.layers).toBeGreaterThan(0);
    expect(summary.onlyIn.unused.images).toBeGreaterThan(0);
    // Kept while nothing changed: the same bytes, a 304 for the page's next ask.
    const first = await app.inject({ method: 'GET', url: '/api/layers/summary' });
    const again = await app.inject({
      method: 'GET',
      url: '/api/layers/summary',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('follows the image set: a new image no container uses is counted at once', async () => {
    const before = await getJson<LayerSummary>('/api/layers/summary');
    const [added] = await loadImages(engine, [
      {
        tags: ['footprint-test/summary-follow:1'],
        layers: [{ entries: [{ type: 'file', path: 'follow.txt', content: 'y'.repeat(30_000) }] }],
      },
    ]);
    try {
      const after = await getJson<LayerSummary>('/api/layers/summary');
      expect(after.unique.engineBytes).toBe((before.unique.engineBytes as number) + 30_000);
      expect(after.unique.layers).toBe(before.unique.layers + 1);
      // Not scanned yet: no on-disk sum, and it says why.
      expect(after.unique.diskBytes).toBeNull();
      expect(after.notMeasuredReason).toMatch(/appeared after the last scan/);
      expect(after.onlyIn.unused.images).toBe(before.onlyIn.unused.images + 1);
      expect(after.onlyIn.unused.engineBytes).toBe(before.onlyIn.unused.engineBytes + 30_000);
      expect(after.onlyIn.dangling).toEqual(before.onlyIn.dangling);
    } finally {
      await engine.docker(['rmi', added?.id ?? '']);
    }
    app.engines.default.diskTruth.refresh();
    await app.engines.default.diskTruth.whenIdle();
    expect(await getJson<LayerSummary>('/api/layers/summary')).toEqual(before);
  });
});
