import type { ServerEvent, TreeListing, TreeSearch } from '@footprint/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EngineClient } from '../../src/engine/engine-client.js';
import { LayerIndex } from '../../src/services/layer-index.js';
import { loadImages } from '../helpers/fixtures.js';
import type { BuiltImage } from '../helpers/image-archive.js';
import { manyFilesImage } from '../helpers/waste-fixtures.js';
import { appOnPrivateEngine, privateEngine } from './context.js';

/*
 * A layer of 100,000 files (100 directories × 1,000; every tenth file 10 bytes). The listing
 * is lazy: each answer is one page of one directory, whatever the layer holds.
 */
const engine = privateEngine();
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let image: BuiltImage;

beforeAll(async () => {
  [image] = (await loadImages(engine, [manyFilesImage()])) as [BuiltImage];
  app = await appOnPrivateEngine(engine);
});
afterAll(async () => {
  await app.close();
  await engine.docker(['rmi', image.id]);
});

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

it('opens a layer of 100,000 files one bounded page at a time', async () => {
  const root = await getJson<TreeListing>(`/api/images/${image.id}/tree?view=layer`);
  // 100 × 1,000 files; 100 × 100 of them hold 10 bytes.
  expect(root.directory).toMatchObject({ fileCount: 100_000, apparentBytes: 100_000 });
  expect(root.entries).toHaveLength(1);

  const many = await getJson<TreeListing>(
    `/api/images/${image.id}/tree?view=layer&path=/many&limit=40`,
  );
  expect(many.total).toBe(100);
  expect(many.entries).toHaveLength(40);
  expect(many.entries[0]).toMatchObject({ name: 'd000', fileCount: 1000, apparentBytes: 1000 });
  const rest = await getJson<TreeListing>(
    `/api/images/${image.id}/tree?view=layer&path=/many&limit=40&offset=80`,
  );
  expect(rest.entries.map((e) => e.name)).toEqual(
    Array.from({ length: 20 }, (_, i) => `d${String(80 + i).padStart(3, '0')}`),
  );

  const dir = await getJson<TreeListing>(
    `/api/images/${image.id}/tree?path=/many/d042&sort=size&limit=150`,
  );
  expect(dir.total).toBe(1000);
  expect(dir.entries).toHaveLength(150);
  // The 100 ten-byte files come first.
  expect(dir.entries.slice(0, 100).every((e) => e.apparentBytes === 10)).toBe(true);
  expect(dir.entries.slice(100).every((e) => e.apparentBytes === 0)).toBe(true);

  const search = await getJson<TreeSearch>(`/api/images/${image.id}/tree/search?q=f0999&limit=10`);
  expect(search.total).toBe(100);
  expect(search.entries).toHaveLength(10);

  const tooMany = await app.inject({
    method: 'GET',
    url: `/api/images/${image.id}/tree?path=/many/d042&limit=5000`,
  });
  expect(tooMany.statusCode).toBe(400);
});

it('builds the index in a worker thread: requests are answered while it runs', async () => {
  const events: ServerEvent[] = [];
  const client = new EngineClient({ dockerHost: engine.dockerHost, dockerCertPath: null });
  const index = new LayerIndex(new Engine(client), {
    dataRoot: null,
    progressDelayMs: 0,
    publish: (event) => events.push(event),
  });
  try {
    const resolved = await index.resolve(image.id);
    let built = false;
    const building = index.layer(resolved, 0).then((layer) => {
      built = true;
      return layer;
    });
    // Requests in turn, one after the other, until the build is done: while it parses 100,000
    // entries, the event loop answers them.
    let answered = 0;
    while (!built) {
      const response = await app.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(200);
      if (!built) answered++;
    }
    const layer = await building;
    expect(layer.u32('fileCount', 0)).toBe(100_000);
    expect(answered).toBeGreaterThan(3);
    const progress = events.filter((e) => e.type === 'explorer-progress');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', itemsDone: 100_101, layer: 0 });
    expect(progress.some((e) => e.phase === 'running')).toBe(true);
  } finally {
    await index.close();
  }
});
