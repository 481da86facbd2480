import type { TreeListing, TreeSearch } from '@footprint/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
