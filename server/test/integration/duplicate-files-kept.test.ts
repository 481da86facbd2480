import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExplorerProgressEvent, ServerEvent } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EngineClient } from '../../src/engine/engine-client.js';
import { DuplicateFinder } from '../../src/services/duplicates.js';
import { LayerIndex } from '../../src/services/layer-index.js';
import { loadImages, repo } from '../helpers/fixtures.js';
import { type BuiltImage, seededBytes } from '../helpers/image-archive.js';
import { privateEngine } from './context.js';

/*
 * Identical files are found by size, then the first 4 KB, then the whole file: files that agree
 * in size and first 4 KB but not after are not grouped, and files no longer than 4 KB are
 * grouped by their whole content. The groups are kept in the state dir per set of layers: a
 * finder after a restart answers from the file, without reading a layer.
 */

const engine = privateEngine();
const head = seededBytes('kept-head', 4096);
const tail = (seed: string) => seededBytes(seed, 6000);
const spec = {
  tags: [`${repo}/dup-kept:1`],
  layers: [
    {
      entries: [
        // The same 10,096 bytes twice, and a third file of that size differing after 4 KB.
        { type: 'file' as const, path: 'a/same.bin', content: Buffer.concat([head, tail('x')]) },
        { type: 'file' as const, path: 'b/same.bin', content: Buffer.concat([head, tail('x')]) },
        { type: 'file' as const, path: 'c/late.bin', content: Buffer.concat([head, tail('y')]) },
        // 3,000 bytes, shorter than the first digest's 4 KB: whole, twice.
        { type: 'file' as const, path: 'a/small.bin', content: seededBytes('small', 3000) },
        { type: 'file' as const, path: 'c/small.bin', content: seededBytes('small', 3000) },
      ],
    },
  ],
};
let image: BuiltImage;
let stateDir: string;

beforeAll(async () => {
  [image] = (await loadImages(engine, [spec])) as [BuiltImage];
  stateDir = await mkdtemp(join(tmpdir(), 'fp-dup-state-'));
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
  await engine.docker(['rmi', image.id]).catch(() => {});
});

/** A finder over this image alone, as a server run with the shared state dir. */
function finder(events: ExplorerProgressEvent[]) {
  const client = new EngineClient({ dockerHost: engine.dockerHost, dockerCertPath: null });
  const index = new LayerIndex(new Engine(client), {
    dataRoot: null,
    stateDir,
    progressDelayMs: 0,
    publish: (event: ServerEvent) => {
      if (event.type === 'explorer-progress') events.push(event);
    },
  });
  const images = async () => [await index.engine.inspectImage(image.id)];
  const duplicates = new DuplicateFinder(index, {
    imageLayers: images,
    images,
    storageInfo: () => index.engine.storageInfo(),
    layerDisks: () => Promise.reject(new Error('the files need no disk figures')),
  });
  return { index, duplicates };
}

describe('identical files by size, first 4 KB, then whole', () => {
  it('groups only whole-file copies, and a restart reads the kept groups', async () => {
    const events: ExplorerProgressEvent[] = [];
    const first = finder(events);
    const page = await first.duplicates
      .files({ minBytes: 1000 })
      .finally(() => first.index.close());
    expect(
      page.files.map((group) => [group.apparentBytes, group.copies.map((c) => c.path)]),
    ).toEqual([
      [10_096, ['/a/same.bin', '/b/same.bin']],
      [3000, ['/a/small.bin', '/c/small.bin']],
    ]);
    expect(page.hashedFiles).toBe(5);
    expect(events.at(-1)).toMatchObject({ task: 'duplicates', phase: 'done', itemsDone: 5 });
    expect(await readdir(join(stateDir, 'duplicates'))).toHaveLength(1);

    const again: ExplorerProgressEvent[] = [];
    const second = finder(again);
    const kept = await second.duplicates
      .files({ minBytes: 1000 })
      .finally(() => second.index.close());
    expect(kept).toEqual(page);
    // Nothing was read or hashed: the answer came from the state dir.
    expect(again).toEqual([]);
  });
});
