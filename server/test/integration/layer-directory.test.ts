import { execFile } from 'node:child_process';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ImageAnalysis, TreeListing, TreeSearch } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainIds } from '../../src/domain/layers.js';
import { loadImages } from '../helpers/fixtures.js';
import { type BuiltImage, type ImageSpec, seededBytes } from '../helpers/image-archive.js';
import { appOnPrivateEngine, privateEngine } from './context.js';

/*
 * A layer whose tar-split.json.gz is gone is read from its overlay2 directory instead
 * (<data-root>/overlay2/<cache-id>/diff): whiteouts are 0/0 character devices there, opaque
 * directories an xattr. The listing must be what the tar-split file gave, entry for entry.
 */

const execFileAsync = promisify(execFile);
const engine = privateEngine();
let image: BuiltImage;

const spec: ImageSpec = {
  tags: ['footprint-fixture/no-tar-split:1'],
  layers: [
    {
      entries: [
        { type: 'file', path: 'etc/conf', content: 'conf\n', mode: 0o600 },
        { type: 'file', path: 'lib/a-data', content: seededBytes('a-data', 5000) },
        // Byte order puts the data first, as the engine's own tar writer would.
        { type: 'hardlink', path: 'lib/b-link', target: 'lib/a-data' },
        { type: 'symlink', path: 'lib/escape', target: '../../../../etc/shadow' },
        { type: 'file', path: 'gone/one', content: seededBytes('one', 700) },
        { type: 'file', path: 'gone/two', content: seededBytes('two', 300) },
        { type: 'file', path: 'opq/old', content: seededBytes('old', 900) },
        { type: 'file', path: 'opq/kept-name', content: 'below\n' },
        { type: 'file', path: 'doc/line\nbreak.txt', content: 'newline\n' },
        { type: 'file', path: 'doc/ünïcødé.txt', content: 'unicode\n' },
        { type: 'dir', path: 'empty', mode: 0o1777 },
      ],
    },
    {
      entries: [
        { type: 'whiteout', path: 'gone' },
        { type: 'whiteout', path: 'etc/conf' },
        { type: 'whiteout', path: 'never-there' },
        { type: 'opaque', path: 'opq' },
        { type: 'file', path: 'opq/kept-name', content: 'above, longer\n' },
        { type: 'file', path: 'opq/new', content: seededBytes('new', 100) },
        { type: 'file', path: 'lib/a-data', content: seededBytes('a-data-2', 6000) },
        { type: 'dir', path: 'added/deep/deeper' },
      ],
    },
  ],
};

beforeAll(async () => {
  [image] = (await loadImages(engine, [spec])) as [BuiltImage];
});
afterAll(async () => {
  await engine.docker(['rmi', image.id]).catch(() => {});
});

type App = Awaited<ReturnType<typeof appOnPrivateEngine>>;

async function get<T>(app: App, url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** Every directory of every view, listed whole, both sort orders, plus a search and the analysis. */
async function everything(app: App) {
  const out: unknown[] = [];
  const views = [
    ...[0, 1].map((layer) => `layer=${layer}&view=layer`),
    ...[0, 1].map((layer) => `layer=${layer}&view=merged`),
  ];
  for (const view of views) {
    const queue = ['/'];
    while (queue.length > 0) {
      const path = queue.shift() as string;
      for (const sort of ['name', 'size']) {
        const listing = await get<TreeListing>(
          app,
          `/api/images/${image.id}/tree?${view}&sort=${sort}&path=${encodeURIComponent(path)}`,
        );
        out.push(listing);
        if (sort === 'name') {
          queue.push(...listing.entries.filter((e) => e.hasChildren).map((e) => e.path));
        }
      }
    }
    out.push(await get<TreeSearch>(app, `/api/images/${image.id}/tree/search?q=e&${view}`));
  }
  out.push(await get<ImageAnalysis>(app, `/api/images/${image.id}/analysis`));
  return out;
}

/** The test image's top layer: its layerdb record and its diff directory. */
async function topLayer(): Promise<{ layerDir: string; diff: string }> {
  const [, top] = chainIds(image.diffIds);
  const layerDir = join(engine.dataRoot, 'image/overlay2/layerdb/sha256', (top as string).slice(7));
  const cacheId = (await readFile(join(layerDir, 'cache-id'), 'utf8')).trim();
  return { layerDir, diff: join(engine.dataRoot, 'overlay2', cacheId, 'diff') };
}

describe('a layer without tar-split.json.gz', () => {
  it('is listed from its directory exactly as from its tar-split file', async () => {
    const fromTarSplit = await appOnPrivateEngine(engine);
    const expected = await everything(fromTarSplit);
    await fromTarSplit.close();
    // What the test checks is there: the hard link, the whiteouts, the opaque directory.
    const layer1 = expected.find(
      (l) => (l as TreeListing).layer?.index === 1 && (l as TreeListing).view === 'layer',
    ) as TreeListing;
    expect(layer1.entries.map((e) => `${e.name} ${e.change}`)).toEqual([
      'added added',
      'etc modified',
      'gone deleted',
      'lib modified',
      'never-there deleted',
      'opq modified',
    ]);
    const opq = expected.find(
      (l) =>
        (l as TreeListing).layer?.index === 1 &&
        (l as TreeListing).view === 'layer' &&
        (l as TreeListing).directory?.path === '/opq',
    ) as TreeListing;
    expect(opq.directory.opaque).toBe(true);
    expect(opq.entries.map((e) => `${e.name} ${e.change} ${e.deletedBy}`)).toEqual([
      'kept-name modified null',
      'new added null',
      'old deleted opaque',
    ]);

    const files = chainIds(image.diffIds).map((chainId) =>
      join(engine.dataRoot, 'image/overlay2/layerdb/sha256', chainId.slice(7), 'tar-split.json.gz'),
    );
    for (const file of files) await rename(file, `${file}.away`);
    try {
      const fromDirectory = await appOnPrivateEngine(engine);
      try {
        expect(await everything(fromDirectory)).toEqual(expected);
        expect(fromDirectory.engines.default.layerExplorer.index.stats).toMatchObject({
          builtFromTarSplit: 0,
          builtFromDirectory: 2,
        });
      } finally {
        await fromDirectory.close();
      }
    } finally {
      for (const file of files) await rename(`${file}.away`, file);
    }
  });

  it('says so when it cannot read the opaque markers (no CAP_SYS_ADMIN)', async () => {
    const { diff } = await topLayer();
    const walk = new URL('../../src/storage/layer-walk.ts', import.meta.url).href;
    const script =
      `const { readLayerDirectory } = await import(${JSON.stringify(walk)});` +
      `const opaque = [];` +
      `const read = await readLayerDirectory(${JSON.stringify(diff)}, () => {}, (s) => opaque.push(s));` +
      `console.log(JSON.stringify({ ...read, opaque }));`;
    const run = (prefix: string[]) =>
      execFileAsync(
        prefix[0] as string,
        [
          ...prefix.slice(1),
          process.execPath,
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          script,
        ],
        {
          cwd: fileURLToPath(new URL('../..', import.meta.url)),
        },
      ).then(({ stdout }) => JSON.parse(stdout));
    expect(await run(['env'])).toEqual({
      opaqueMarkersRead: true,
      opaqueProblem: null,
      opaque: [['opq']],
    });
    const without = await run([
      'setpriv',
      '--bounding-set',
      '-sys_admin',
      '--inh-caps',
      '-sys_admin',
    ]);
    expect(without).toMatchObject({ opaqueMarkersRead: false, opaque: [] });
    expect(without.opaqueProblem).toMatch(/CAP_SYS_ADMIN/);
  });

  it('says why when its directory cannot be read either', async () => {
    const { layerDir, diff } = await topLayer();
    const tarSplit = join(layerDir, 'tar-split.json.gz');
    await rename(tarSplit, `${tarSplit}.away`);
    await rename(diff, `${diff}.away`);
    try {
      const app = await appOnPrivateEngine(engine);
      try {
        const response = await app.inject({
          method: 'GET',
          url: `/api/images/${image.id}/tree?layer=1&view=layer`,
        });
        expect(response.statusCode).toBe(409);
        expect(response.json()).toMatchObject({ code: 'LAYER_INDEX_UNAVAILABLE' });
        expect(response.json().message).toContain('tar-split.json.gz');
        expect(response.json().message).toContain(diff);
        // The layer below is still there to see.
        const below = await app.inject({
          method: 'GET',
          url: `/api/images/${image.id}/tree?layer=0&view=layer`,
        });
        expect(below.statusCode).toBe(200);
      } finally {
        await app.close();
      }
    } finally {
      await rename(`${diff}.away`, diff);
      await rename(`${tarSplit}.away`, tarSplit);
    }
  });
});
