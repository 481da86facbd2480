import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { LayerIndexPool } from '../../src/storage/layer-index-pool.js';
import { WorkerPools } from '../../src/workers/worker-pools.js';

/*
 * The app's worker threads (workers/worker-pools.ts): started ahead when asked, counted, and
 * all ended by one close(), a walk still running included; closed, they take no more work. An
 * engine's layer index that closes drops its queued jobs from the app's layer-index pool.
 */

const base = mkdtempSync(join(tmpdir(), 'fp-pools-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** `count` directories of a few files each. */
function plant(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const dir = join(base, name, `d${i}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 5; f++) writeFileSync(join(dir, `f${f}`), `file ${f}\n`);
    return dir;
  });
}

it('starts the first scan’s threads ahead, and close() ends them all', async () => {
  const pools = new WorkerPools();
  expect(pools.running()).toBe(0);
  pools.prestart();
  expect(pools.scan.idleWorkers()).toBeGreaterThan(0);
  expect(pools.bulkRead.running()).toBe(true);
  expect(pools.running()).toBe(pools.scan.idleWorkers() + 1);
  await pools.close();
  expect(pools.running()).toBe(0);
  // A second close waits for the first and ends nothing more.
  await pools.close();
  expect(pools.running()).toBe(0);
});

it('ends a walk still running when it closes, and takes no work after', async () => {
  const pools = new WorkerPools();
  const dirs = plant('walk', 60);
  // Its outcome taken at once: it settles while close() is awaited.
  const outcome = pools.scan
    .runWalks(
      dirs.map((dir) => ({ root: Buffer.from(dir) })),
      { workers: 2 },
    )
    .then(
      () => null,
      (error: unknown) => error,
    );
  expect(pools.scan.running()).toBe(2);
  await pools.close();
  expect(await outcome).toMatchObject({
    message: expect.stringContaining('the server is closing'),
  });
  expect(pools.running()).toBe(0);
  await expect(pools.scan.runWalks([{ root: Buffer.from(dirs[0] ?? '') }])).rejects.toThrow(
    'closed',
  );
  // A large batch goes to the reader's thread, which is closed; a small one needs none.
  const files = dirs.flatMap((dir) => Array.from({ length: 5 }, (_, f) => join(dir, `f${f}`)));
  await expect(pools.bulkRead.readSmallFiles(files)).rejects.toThrow('closed');
  expect(await pools.bulkRead.readSmallFiles(files.slice(0, 2))).toEqual(['file 0\n', 'file 1\n']);
  expect(pools.running()).toBe(0);
});

it('drops the jobs still queued of an owner that closed, and builds the others', async () => {
  const pool = new LayerIndexPool(1);
  const closing = new AbortController();
  // One worker: the first job runs, the second waits in the queue.
  const running = pool.analyze([], closing.signal);
  const queued = pool.analyze([], closing.signal).then(
    () => null,
    (error: unknown) => error,
  );
  const other = pool.analyze([]);
  closing.abort();
  expect(await queued).toMatchObject({ message: 'The layer index is closing.' });
  await expect(running).resolves.toBeDefined();
  await expect(other).resolves.toBeDefined();
  await expect(pool.analyze([], closing.signal)).rejects.toThrow('closed');
  await pool.close();
  expect(pool.running()).toBe(0);
});
