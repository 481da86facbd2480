import { lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BulkReader } from '../../src/storage/bulk-read/bulk-read.js';

// One reader, as an app has (workers/worker-pools.ts).
const reader = new BulkReader();
const readSmallFiles = (paths: readonly string[]) => reader.readSmallFiles(paths);
const lstatEntries = (paths: readonly string[]) => reader.lstatEntries(paths);
const bulkReaderRunning = () => reader.running();
const prestartBulkReader = () => reader.prestart();
const endBulkReader = () => reader.endIdle();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * Batches of small files and lstats on real files in a temp dir, on both of their paths: a
 * small batch on the event loop, a large one (256 and more) in the worker thread, a chunk at a
 * time. Both must give the same answers.
 */

const base = mkdtempSync(join(tmpdir(), 'fp-bulk-'));
afterAll(async () => {
  await reader.close();
  rmSync(base, { recursive: true, force: true });
});

/** `count` files named f<i> holding "content <i>", in a dir of their own. */
function plant(name: string, count: number): string[] {
  const dir = join(base, name);
  mkdirSync(dir);
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `f${i}`);
    writeFileSync(path, `content ${i}\n`);
    return path;
  });
}

describe.each([
  ['on the event loop', 10],
  ['in the worker, in chunks', 2500],
])('readSmallFiles and lstatEntries %s', (_where, count) => {
  it('answers in order, with null for what is gone', async () => {
    const paths = plant(`read-${count}`, count);
    const asked = [...paths, join(base, 'missing'), join(paths[0] as string, 'not-a-dir')];
    const texts = await readSmallFiles(asked);
    expect(texts).toEqual([...paths.map((_p, i) => `content ${i}\n`), null, null]);

    // latin1 paths: a name that is not UTF-8 is lstat'ed by its bytes.
    const odd = Buffer.concat([
      Buffer.from(join(base, `read-${count}`, 'caf')),
      Buffer.from([0xe9]),
    ]);
    mkdirSync(odd);
    const facts = await lstatEntries([...paths, odd.toString('latin1'), join(base, 'missing')]);
    expect(facts.at(-1)).toBeNull();
    const expected = [...paths, odd].map((path) => {
      const stats = lstatSync(path, { bigint: true });
      const { dev, ino } = stats;
      return { dev, ino, isDirectory: stats.isDirectory(), mtimeMs: Number(stats.mtimeMs) };
    });
    expect(facts.slice(0, -1)).toEqual(expected);
    expect(facts.at(-2)?.isDirectory).toBe(true);
  });

  it('rejects the batch with the code and path of an error other than a missing file', async () => {
    const paths = plant(`error-${count}`, count);
    const hidden = paths[Math.floor(count / 2)] as string;
    // A directory where a file is expected: an error for root too, who may read everything.
    mkdirSync(`${hidden}.d`);
    const asked = [...paths];
    asked[Math.floor(count / 2)] = `${hidden}.d`;
    await expect(readSmallFiles(asked)).rejects.toMatchObject({
      code: 'EISDIR',
      path: `${hidden}.d`,
    });
    // The reader goes on with the next batch.
    expect(await readSmallFiles(paths.slice(0, 3))).toEqual([
      'content 0\n',
      'content 1\n',
      'content 2\n',
    ]);
  });
});

describe('the worker', () => {
  it('answers an lstat batch asked after a large read before that read is done', async () => {
    const files = plant('order-files', 6000);
    const dirs = plant('order-dirs', 300);
    const settled: string[] = [];
    const reading = readSmallFiles(files).then(() => settled.push('read'));
    const stating = lstatEntries(dirs).then(() => settled.push('lstat'));
    await Promise.all([reading, stating]);
    expect(settled).toEqual(['lstat', 'read']);
    // Planting and reading 6,000 files took over vitest's default 5 s on a busy 2-core machine;
    // the test is about order, not speed.
  }, 30_000);

  it('is kept a second after a large batch for the next one, and ends then', async () => {
    const paths = plant('linger', 300);
    await readSmallFiles(paths);
    expect(bulkReaderRunning()).toBe(true);
    await sleep(500);
    expect((await lstatEntries(paths)).length).toBe(300);
    await sleep(700);
    // The second batch started the second again.
    expect(bulkReaderRunning()).toBe(true);
    await sleep(600);
    expect(bulkReaderRunning()).toBe(false);
  });

  it('starts ahead of a batch when asked, and ends a second later if none came', async () => {
    await endBulkReader();
    prestartBulkReader();
    expect(bulkReaderRunning()).toBe(true);
    await sleep(1200);
    expect(bulkReaderRunning()).toBe(false);
    prestartBulkReader();
    const paths = plant('ahead', 300);
    expect((await readSmallFiles(paths))[299]).toBe('content 299\n');
  });

  it('ends once idle, and starts again for the next large batch', async () => {
    const paths = plant('again', 300);
    expect((await readSmallFiles(paths)).length).toBe(300);
    await endBulkReader();
    expect((await lstatEntries(paths)).every((facts) => facts?.isDirectory === false)).toBe(true);
  });
});
