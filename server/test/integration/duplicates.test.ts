import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  DiskUsage,
  DuplicateDiffsPage,
  DuplicateFilesPage,
  DuplicateImage,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainIds } from '../../src/domain/layers.js';
import { du } from '../helpers/du.js';
import { loadImages, repo } from '../helpers/fixtures.js';
import { type BuiltImage, seededBytes } from '../helpers/image-archive.js';
import { appOnPrivateEngine, fixtures, privateEngine } from './context.js';

/*
 * GET /api/duplicates/files and /diffs against the private engine and the standard fixtures:
 * app/one.bin (50,000 bytes) is one diff stored on two bases (app:1 on base-alpha, app-on-beta:1
 * on base-beta), so it is both a duplicated diff and a file stored twice.
 */

const engine = privateEngine();
const { images: fx } = fixtures();
const overlay = join(engine.dataRoot, 'overlay2');
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let copies: BuiltImage;

/** Copies of three fixture files, in a layer of their own: three more groups of two. */
const copiesSpec = {
  tags: [`${repo}/dup-copies:1`],
  layers: [
    {
      entries: [
        { type: 'file' as const, path: 'copies/alpha.bin', content: seededBytes('alpha', 200_000) },
        { type: 'file' as const, path: 'copies/beta.bin', content: seededBytes('beta', 150_000) },
        { type: 'file' as const, path: 'copies/two.bin', content: seededBytes('app-two', 70_000) },
      ],
    },
  ],
};

beforeAll(async () => {
  [copies] = (await loadImages(engine, [copiesSpec])) as [BuiltImage];
  app = await appOnPrivateEngine(engine);
  // The disk figures of the diffs come from the first scan.
  await getJson<DiskUsage>('/api/disk');
  await app.engines.default.diskTruth.whenIdle();
});
afterAll(async () => {
  await app.close();
  await engine.docker(['rmi', copies.id]);
});

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

const files = (query: string) =>
  getJson<DuplicateFilesPage>(`/api/duplicates/files?minBytes=1000&${query}`);
const diffs = (query: string) => getJson<DuplicateDiffsPage>(`/api/duplicates/diffs?${query}`);
const appOneDiff = fx.appOne.diffIds[1] as string;
const chainsOf = (image: BuiltImage) => chainIds(image.diffIds);
const oneBin = (page: DuplicateFilesPage) =>
  page.files.find((group) => group.copies.some((copy) => copy.path === '/app/one.bin'));
/** Every image a page's rows name is in its side table, once, with the engine's tags. */
function expectNamed(page: { images: DuplicateImage[] }, rowImages: string[]) {
  const ids = page.images.map((image) => image.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(new Set(rowImages));
}

describe('duplicated diffs', () => {
  it('gives each copy the engine’s size and its directory as du sees it, on disk and apparent', async () => {
    const page = await diffs('');
    const diff = page.diffs.find((d) => d.diffId === appOneDiff);
    expect(diff?.copies.map((copy) => copy.chainId).sort()).toEqual(
      [chainsOf(fx.appOne)[1], chainsOf(fx.appOnBeta)[1]].sort(),
    );
    for (const copy of diff?.copies ?? []) {
      const layerdb = join(
        engine.dataRoot,
        'image/overlay2/layerdb',
        copy.chainId.replace(':', '/'),
      );
      expect(copy.engineBytes).toBe(Number(await readFile(join(layerdb, 'size'), 'utf8')));
      expect(copy.cacheId).toBe((await readFile(join(layerdb, 'cache-id'), 'utf8')).trim());
      const dir = join(overlay, copy.cacheId ?? '');
      expect(copy.diskBytes).toBe(await du(['-B1', '-s'], dir));
      expect(copy.apparentBytes).toBe(await du(['-b', '-s'], dir));
    }
    const copies = diff?.copies ?? [];
    const extra = (sizes: number[]) => sizes.reduce((a, b) => a + b) - Math.max(...sizes);
    expect(diff?.engineBytes).toBe(50_000);
    expect(diff?.extraEngineBytes).toBe(extra(copies.map((copy) => copy.engineBytes)));
    expect(diff?.extraDiskBytes).toBe(extra(copies.map((copy) => copy.diskBytes ?? 0)));
    expect(diff?.extraApparentBytes).toBe(extra(copies.map((copy) => copy.apparentBytes ?? 0)));
    expect(page.notMeasuredReason).toBeNull();
    // Named, not only by ID: each copy's image, with its tags, in the side table.
    expect(diff?.imageCount).toBe(2);
    expect(diff?.copies.flatMap((copy) => copy.images).sort()).toEqual(
      [fx.appOne.id, fx.appOnBeta.id].sort(),
    );
    expectNamed(
      page,
      page.diffs.flatMap((d) => d.copies.flatMap((copy) => copy.images)),
    );
    expect(page.images.find((image) => image.id === fx.appOnBeta.id)?.repoTags).toEqual([
      `${repo}/app-on-beta:1`,
    ]);
    expect(page.all.groups).toBe(page.total);
    expect(page.all.extraEngineBytes).toBe(
      page.diffs.reduce((sum, d) => sum + d.extraEngineBytes, 0),
    );
  });

  it('searches by image name and filters by image', async () => {
    const all = await diffs('');
    const named = await diffs('q=APP-ON-BETA');
    expect(named.diffs.map((d) => d.diffId)).toContain(appOneDiff);
    expect(named.diffs.every((d) => d.copies.some((c) => c.images.includes(fx.appOnBeta.id)))).toBe(
      true,
    );
    expect(named.all).toEqual(all.all);
    const none = await diffs('q=no-such-image-name');
    expect(none).toMatchObject({ total: 0, diffs: [], images: [] });
    expect(none.matching).toEqual({
      groups: 0,
      extraEngineBytes: 0,
      extraDiskBytes: 0,
      extraApparentBytes: 0,
    });
    const filtered = await diffs(`image=${fx.baseAlpha.id}`);
    // base-alpha holds no duplicated diff: app/one.bin is above the base.
    expect(filtered.total).toBe(0);
    const byImage = await diffs(`image=${fx.appOnBeta.id}`);
    expect(byImage.diffs.map((d) => d.diffId)).toEqual([appOneDiff]);
    // The filtered image is named first on its copy.
    const copy = byImage.diffs[0]?.copies.find((c) => c.images.includes(fx.appOnBeta.id));
    expect(copy?.images[0]).toBe(fx.appOnBeta.id);
  });

  it('refuses a malformed image filter or page with a message', async () => {
    for (const url of [
      '/api/duplicates/diffs?image=app',
      '/api/duplicates/files?limit=0',
      '/api/duplicates/files?offset=-1',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });
});

describe('identical files', () => {
  it('pages through every group in a stable order, with the totals over all of them', async () => {
    const whole = await files('limit=500');
    expect(whole.total).toBeGreaterThanOrEqual(4);
    expect(
      whole.files.slice(0, 3).map((f) => [f.savableBytes, f.copies.map((c) => c.path)]),
    ).toEqual([
      [200_000, ['/copies/alpha.bin', '/usr/lib/alpha.bin']],
      [150_000, ['/copies/beta.bin', '/usr/lib/beta.bin']],
      [70_000, ['/app/two.bin', '/copies/two.bin']],
    ]);
    const pages: DuplicateFilesPage[] = [];
    for (let offset = 0; offset < whole.total; offset++)
      pages.push(await files(`limit=1&offset=${offset}`));
    expect(pages.flatMap((page) => page.files)).toEqual(whole.files);
    for (const page of pages) {
      expect(page).toMatchObject({ total: whole.total, limit: 1, all: whole.all });
      expectNamed(
        page,
        page.files.flatMap((f) => f.copies.flatMap((copy) => copy.images)),
      );
    }
    expect(whole.all.savableBytes).toBe(whole.files.reduce((sum, f) => sum + f.savableBytes, 0));
    const bytes = whole.files.map((f) => f.savableBytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
    // Past the end: an empty page, the same totals.
    expect(await files(`offset=${whole.total}`)).toMatchObject({ files: [], total: whole.total });

    const group = oneBin(whole);
    expect(group?.apparentBytes).toBe(50_000);
    expect(group?.savableBytes).toBe(50_000);
    expect(group?.copies.map((copy) => copy.chainId).sort()).toEqual(
      [chainsOf(fx.appOne)[1], chainsOf(fx.appOnBeta)[1]].sort(),
    );
  });

  it('searches paths and image names, and filters by image', async () => {
    const whole = await files('limit=500');
    const byPath = await files('q=ONE.BIN&limit=500');
    expect(byPath.files.map((f) => f.sha256)).toEqual([oneBin(whole)?.sha256]);
    expect(byPath.matching).toEqual({ groups: 1, savableBytes: 50_000 });
    expect(byPath.all).toEqual(whole.all);
    const byName = await files(`q=${encodeURIComponent('registry.example:5000/team')}&limit=500`);
    expect(byName.files.map((f) => f.sha256)).toContain(oneBin(whole)?.sha256);
    const byImage = await files(`image=${fx.appOnBeta.id}&limit=500`);
    expect(byImage.total).toBeGreaterThanOrEqual(1);
    for (const found of byImage.files) {
      expect(found.copies.some((copy) => copy.images[0] === fx.appOnBeta.id)).toBe(true);
    }
    expect(byImage.files.map((f) => f.sha256)).toContain(oneBin(whole)?.sha256);
  });
});

describe('the kept answer', () => {
  const copySpec = {
    tags: [`${repo}/one-copy:1`],
    layers: [
      {
        entries: [
          { type: 'file' as const, path: 'copy/one.bin', content: seededBytes('app-one', 50_000) },
        ],
      },
    ],
  };

  it('works the groups out once per image set, and again when the images change', async () => {
    const finder = app.engines.default.layerExplorer.duplicates;
    await files('');
    await diffs('');
    const before = { ...finder.stats };
    const first = await finder.files({ minBytes: 1000 });
    // The same query, nothing changed: the same page, nothing worked out again.
    expect(await finder.files({ minBytes: 1000 })).toBe(first);
    await files('q=one&limit=3');
    await diffs('image=' + fx.appOne.id);
    expect(finder.stats).toEqual(before);

    // A new scan: the diffs' disk figures are taken again, the file groups are kept.
    app.engines.default.diskTruth.refresh();
    await app.engines.default.diskTruth.whenIdle();
    await files('');
    const scanned = await diffs('');
    expect(finder.stats).toEqual({ ...before, diffGroupings: before.diffGroupings + 1 });
    expect(scanned.notMeasuredReason).toBeNull();

    const [added] = (await loadImages(engine, [copySpec])) as [BuiltImage];
    try {
      // The image set changes when the engine's event arrives.
      await expect
        .poll(async () => oneBin(await files('q=one.bin'))?.copies.length, { timeout: 20_000 })
        .toBe(3);
      expect(finder.stats.imageSets).toBe(before.imageSets + 1);
      expect(finder.stats.fileGroupings).toBe(before.fileGroupings + 1);
      const group = oneBin(await files('q=one.bin'));
      expect(group?.savableBytes).toBe(100_000);
      const copy = group?.copies.find((c) => c.path === '/copy/one.bin');
      expect(copy?.images).toEqual([added.id]);
      const page = await files('q=one.bin');
      expect(page.images.find((image) => image.id === added.id)?.repoTags).toEqual(copySpec.tags);
    } finally {
      await engine.docker(['rmi', added.id]);
    }
    await expect
      .poll(async () => oneBin(await files('q=one.bin'))?.copies.length, { timeout: 20_000 })
      .toBe(2);
  });
});
