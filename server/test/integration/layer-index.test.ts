import { mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExplorerProgressEvent, ServerEvent, TreeListing } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainIds } from '../../src/domain/layers.js';
import { Engine } from '../../src/engine/engine.js';
import { EngineClient } from '../../src/engine/engine-client.js';
import { DuplicateFinder } from '../../src/services/duplicates.js';
import { LayerIndex } from '../../src/services/layer-index.js';
import { sweepIndexFiles } from '../../src/services/layer-index-sweep.js';
import { indexFilePath } from '../../src/storage/layer-index-files.js';
import { loadImages } from '../helpers/fixtures.js';
import type { BuiltImage } from '../helpers/image-archive.js';
import { wasteImage } from '../helpers/waste-fixtures.js';
import { appOnPrivateEngine, privateEngine } from './context.js';

/*
 * Layer indexes are kept in the state dir by chain ID: a second open, in the same process or
 * after a restart, reads them back instead of parsing tar-split.json.gz again. Counted, not
 * timed: the index says what each layer came from.
 */

const engine = privateEngine();
let waste: BuiltImage;
let stateDir: string;

beforeAll(async () => {
  [waste] = (await loadImages(engine, [wasteImage])) as [BuiltImage];
  stateDir = await mkdtemp(join(tmpdir(), 'fp-state-'));
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
  await engine.docker(['rmi', waste.id]).catch(() => {});
});

async function listings(app: Awaited<ReturnType<typeof appOnPrivateEngine>>) {
  const paths = ['/', '/data', '/opq', '/etc'];
  const out: TreeListing[] = [];
  for (const path of paths) {
    const response = await app.inject({
      method: 'GET',
      url: `/api/images/${waste.id}/tree?path=${encodeURIComponent(path)}&sort=size`,
    });
    expect(response.statusCode, response.body).toBe(200);
    out.push(response.json<TreeListing>());
  }
  for (let layer = 0; layer < 8; layer++) {
    const response = await app.inject({
      method: 'GET',
      url: `/api/images/${waste.id}/tree?layer=${layer}&view=layer`,
    });
    expect(response.statusCode, response.body).toBe(200);
    out.push(response.json<TreeListing>());
  }
  return out;
}

/** Runs `body` with a fresh app on the shared state dir, closed afterwards: one server "run". */
async function run<T>(body: (app: Awaited<ReturnType<typeof appOnPrivateEngine>>) => Promise<T>) {
  const app = await appOnPrivateEngine(engine, { stateDir });
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}

describe('layer indexes kept in the state dir', () => {
  let first: TreeListing[];

  it('builds each layer once, from its tar-split file, and writes it down', async () => {
    first = await run(async (app) => {
      const result = await listings(app);
      // The same again, in the same process: nothing is built or read twice.
      expect(await listings(app)).toEqual(result);
      expect(app.engines.default.layerExplorer.index.stats).toEqual({
        builtFromTarSplit: 8,
        builtFromDirectory: 0,
        loadedFromFile: 0,
        rejectedFiles: 0,
      });
      return result;
    });
    const files = (await readdir(join(stateDir, 'layer-index'))).filter((f) => f.endsWith('.idx'));
    expect(files).toHaveLength(8);
  });

  it('reads them back after a restart instead of parsing the layers again', async () => {
    const again = await run(async (app) => {
      const result = await listings(app);
      expect(app.engines.default.layerExplorer.index.stats).toEqual({
        builtFromTarSplit: 0,
        builtFromDirectory: 0,
        loadedFromFile: 8,
        rejectedFiles: 0,
      });
      return result;
    });
    expect(again).toEqual(first);
  });

  it('ignores a damaged file and one of another format version, and builds those again', async () => {
    const [bottom, , , middle] = chainIds(waste.diffIds);
    // One byte changed deep in the file: the checksum no longer matches.
    const damaged = await open(indexFilePath(stateDir, bottom as string), 'r+');
    const { size } = await damaged.stat();
    const byte = Buffer.alloc(1);
    await damaged.read(byte, 0, 1, Math.floor(size / 2));
    byte[0] = (byte[0] as number) ^ 0xff;
    await damaged.write(byte, 0, 1, Math.floor(size / 2));
    await damaged.close();
    // A version this build does not know.
    const other = await open(indexFilePath(stateDir, middle as string), 'r+');
    await other.write(Buffer.from([99, 0, 0, 0]), 0, 4, 8);
    await other.close();

    const again = await run(async (app) => {
      const result = await listings(app);
      expect(app.engines.default.layerExplorer.index.stats).toEqual({
        builtFromTarSplit: 2,
        builtFromDirectory: 0,
        loadedFromFile: 6,
        rejectedFiles: 2,
      });
      return result;
    });
    expect(again).toEqual(first);
    // Written again, both are read back next time.
    await run(async (app) => {
      await listings(app);
      expect(app.engines.default.layerExplorer.index.stats.loadedFromFile).toBe(8);
    });
  });

  it('keeps the analysis too, and gives the same one back', async () => {
    const analyses = [];
    for (let i = 0; i < 2; i++) {
      analyses.push(
        await run(async (app) => {
          const response = await app.inject({
            method: 'GET',
            url: `/api/images/${waste.id}/analysis`,
          });
          expect(response.statusCode).toBe(200);
          return response.json();
        }),
      );
    }
    expect(analyses[1]).toEqual(analyses[0]);
    expect(analyses[0]).toMatchObject({ reclaimableBytes: 17_600 });
  });
});

describe('sweeping the state dir', () => {
  it('removes the files of chains no image has, and keeps the others', async () => {
    const gone = join(stateDir, 'layer-index', `${'f'.repeat(64)}.idx`);
    const goneAnalysis = join(stateDir, 'layer-index', `${'f'.repeat(64)}.analysis.json`);
    await writeFile(gone, 'an index of a layer removed since');
    await writeFile(goneAnalysis, '{}');
    const client = new EngineClient({ dockerHost: engine.dockerHost, dockerCertPath: null });
    expect(await sweepIndexFiles(new Engine(client), stateDir)).toBe(2);
    const left = await readdir(join(stateDir, 'layer-index'));
    expect(left.filter((name) => name.endsWith('.idx'))).toHaveLength(8);
    expect(left).not.toContain(`${'f'.repeat(64)}.idx`);
  });
});

describe('progress events', () => {
  const events: ExplorerProgressEvent[] = [];
  const publish = (event: ServerEvent) => {
    if (event.type === 'explorer-progress') events.push(event);
  };
  let index: LayerIndex;

  beforeAll(() => {
    const client = new EngineClient({ dockerHost: engine.dockerHost, dockerCertPath: null });
    // No delay: every build reports, so the test need not be slow to see it.
    index = new LayerIndex(new Engine(client), { dataRoot: null, publish, progressDelayMs: 0 });
  });
  afterAll(() => index.close());

  it('reports each layer built, with the entries it read', async () => {
    const image = await index.resolve(waste.id);
    await index.view(image, 7);
    const done = events.filter((e) => e.task === 'layer-index' && e.phase === 'done');
    expect(done.map((e) => e.layer).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(done.every((e) => e.imageId === waste.id)).toBe(true);
    // Layer 0: the 7 files and 4 directories of the tar; layer 6: opq/, its marker, opq/new.
    expect(done.find((e) => e.layer === 0)).toMatchObject({ itemsDone: 11, itemsTotal: 11 });
    expect(done.find((e) => e.layer === 6)).toMatchObject({ itemsDone: 3 });
    expect(done.find((e) => e.layer === 0)?.bytesDone).toBe(
      done.find((e) => e.layer === 0)?.bytesTotal,
    );
  });

  it('reports hashing for duplicates: files and bytes of the total', async () => {
    events.length = 0;
    // The engine's own answers, asked directly: the app passes its kept ones.
    const images = async () =>
      Promise.all(
        (await index.engine.listImages()).map((listed) => index.engine.inspectImage(listed.id)),
      );
    const result = await new DuplicateFinder(index, {
      imageLayers: images,
      images,
      storageInfo: () => index.engine.storageInfo(),
      layerDisks: () => Promise.reject(new Error('the files need no disk figures')),
    }).files({ minBytes: 1000 });
    const last = events.at(-1);
    expect(last).toMatchObject({ task: 'duplicates', phase: 'done', taskId: 'duplicates:1000' });
    expect(last?.itemsDone).toBe(result.hashedFiles);
    expect(last?.itemsTotal).toBe(result.hashedFiles);
    expect(last?.bytesDone).toBe(last?.bytesTotal);
    expect(last?.bytesTotal).toBeGreaterThanOrEqual(3 * 10_000);
  });
});
