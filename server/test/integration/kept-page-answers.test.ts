import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerChanges, ImageAnalysis, ImageDetail, TreeListing } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImages, repo, runWriter } from '../helpers/fixtures.js';
import type { BuiltImage } from '../helpers/image-archive.js';
import { appOnPrivateEngine, privateEngine } from './context.js';

/*
 * The image detail, the explorer's analysis and tree pages and a stopped container's changes are
 * kept (built once, serialized once, 304 for the same bytes) while the engine's events say
 * nothing changed, and are built again after the event that changes them: a tag, a `docker cp`.
 */

const engine = privateEngine();
const writer = `footprint-kept-writer-${Date.now().toString(36)}`;
const extraTag = `${repo}/kept-answers:extra`;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let image: BuiltImage;
let dir: string;

beforeAll(async () => {
  [image] = (await loadImages(engine, [
    {
      tags: [`${repo}/kept-answers:1`],
      layers: [
        { entries: [{ type: 'file', path: 'etc/kept.txt', content: 'kept\n' }] },
        { entries: [{ type: 'file', path: 'etc/second.txt', content: 'second\n' }] },
      ],
    },
  ])) as [BuiltImage];
  await runWriter(engine, writer, 2000);
  dir = await mkdtemp(join(tmpdir(), 'fp-kept-'));
  app = await appOnPrivateEngine(engine);
});
afterAll(async () => {
  await app.close();
  await engine.docker(['rm', '-f', writer]);
  await engine.docker(['rmi', '-f', image.id]);
  await rm(dir, { recursive: true, force: true });
});

async function get(url: string, etag?: string) {
  return app.inject({
    method: 'GET',
    url,
    headers: etag === undefined ? {} : { 'if-none-match': etag },
  });
}

async function getJson<T>(url: string): Promise<T> {
  const response = await get(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** Asked twice: the second time, the first answer's ETag gets a 304 (the same bytes, kept). */
async function expectKept(url: string): Promise<void> {
  const first = await get(url);
  expect(first.statusCode, first.body).toBe(200);
  const etag = first.headers.etag;
  expect(etag).toEqual(expect.any(String));
  const again = await get(url, etag as string);
  expect(again.statusCode).toBe(304);
}

describe('kept page answers', () => {
  const detail = () => `/api/images/${image.id}`;
  const analysis = () => `/api/images/${image.id}/analysis`;
  const tree = () => `/api/images/${image.id}/tree?path=%2Fetc&sort=name`;

  it('answer the same bytes again while nothing changed', async () => {
    for (const url of [detail(), analysis(), tree()]) await expectKept(url);
    const root = await getJson<TreeListing>(tree());
    expect(root.entries.map((entry) => entry.name)).toEqual(['kept.txt', 'second.txt']);
  });

  it('name a new tag once the engine says the image was tagged', async () => {
    await engine.docker(['tag', image.id, extraTag]);
    try {
      await expect
        .poll(async () => (await getJson<ImageDetail>(detail())).repoTags.includes(extraTag), {
          timeout: 20_000,
        })
        .toBe(true);
      await expect
        .poll(async () => (await getJson<ImageAnalysis>(analysis())).repoTags.includes(extraTag), {
          timeout: 20_000,
        })
        .toBe(true);
    } finally {
      await engine.docker(['rmi', extraTag]);
    }
    await expect
      .poll(async () => (await getJson<ImageDetail>(detail())).repoTags.includes(extraTag), {
        timeout: 20_000,
      })
      .toBe(false);
  });

  it('list what `docker cp` put into a stopped container once the engine says so', async () => {
    const url = `/api/containers/${writer}/changes`;
    const before = await getJson<ContainerChanges>(url);
    expect(before.changes.map((change) => change.path)).toEqual(['/written']);
    await expectKept(url);
    const local = join(dir, 'copied.txt');
    await writeFile(local, 'copied into a stopped container\n');
    await engine.docker(['cp', local, `${writer}:/copied.txt`]);
    await expect
      .poll(
        async () =>
          (await getJson<ContainerChanges>(url)).changes.find((c) => c.path === '/copied.txt')
            ?.apparentBytes,
        { timeout: 20_000 },
      )
      .toBe(32);
  });
});
