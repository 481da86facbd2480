import { linkSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiskUsage, OrphanDir } from '@footprint/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cookieName } from '../../src/security/session-token.js';
import { du } from '../helpers/du.js';
import { seededBytes } from '../helpers/image-archive.js';
import { appOnPrivateEngine, injectHost, privateEngine, testToken } from './context.js';

/*
 * Two orphan directories holding the same file (one inode, a link in each): their rows each
 * count it, as `du -s` of each directory does, and the orphans' total counts it once, as one
 * `du -s a b` does and as the data root's breakdown does (issue #15, item 9).
 */

const engine = privateEngine();
const overlay = join(engine.dataRoot, 'overlay2');
const dirA = join(overlay, 'footprint-orphan-a');
const dirB = join(overlay, 'footprint-orphan-b');
type App = Awaited<ReturnType<typeof appOnPrivateEngine>>;
let app: App;

beforeAll(async () => {
  for (const dir of [dirA, dirB]) mkdirSync(join(dir, 'diff'), { recursive: true });
  // Sizes that are not whole blocks, so on-disk and apparent figures differ.
  writeFileSync(join(dirA, 'diff', 'big'), seededBytes('shared', 1_000_003));
  linkSync(join(dirA, 'diff', 'big'), join(dirB, 'diff', 'big'));
  writeFileSync(join(dirA, 'diff', 'only-a'), seededBytes('only-a', 5_001));
  writeFileSync(join(dirB, 'diff', 'only-b'), seededBytes('only-b', 70_007));
  app = await appOnPrivateEngine(engine, { watchEngine: false });
});
afterAll(async () => {
  await app.close();
  // The engine is shared with the other files: leave its overlay2/ as it was.
  for (const dir of [dirA, dirB]) rmSync(dir, { recursive: true, force: true });
});

it('counts a file hard-linked into two orphan directories once in the total', async () => {
  const scan = await app.inject({
    method: 'POST',
    url: '/api/disk/scan',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost',
      cookie: `${cookieName(injectHost)}=${testToken}`,
    },
    payload: JSON.stringify({ full: true }),
  });
  expect(scan.statusCode, scan.body).toBe(202);
  await app.engines.default.diskTruth.whenIdle();
  const response = await app.inject({ method: 'GET', url: '/api/disk' });
  expect(response.statusCode, response.body).toBe(200);
  const disk = response.json<DiskUsage>();
  expect(disk.measurement).toMatchObject({ measured: true, partial: false, warnings: [] });
  const { orphans, dataRoot } = disk;
  if (orphans === null || dataRoot === null) throw new Error('no on-disk figures');

  // Each row is its own directory's du, the shared file in both.
  expect(orphans.dirs.map((dir) => dir.name).sort()).toEqual([
    'footprint-orphan-a',
    'footprint-orphan-b',
  ]);
  for (const dir of orphans.dirs) {
    const path = join(overlay, dir.name);
    expect(dir.diskBytes, dir.name).toBe(await du(['-x', '-B1', '-s'], path));
    expect(dir.apparentBytes, dir.name).toBe(await du(['-x', '-b', '-s'], path));
    expect(dir.files, dir.name).toBe(2);
  }

  // The total is one du over both: the shared file once, so less than the rows added.
  const both = [dirA, dirB];
  expect(orphans.diskBytes).toBe(await du(['-x', '-B1', '-s'], ...both));
  expect(orphans.apparentBytes).toBe(await du(['-x', '-b', '-s'], ...both));
  expect(orphans.files).toBe(3);
  const big = statSync(join(dirA, 'diff', 'big'));
  const { dirs } = orphans;
  const rows = (pick: (dir: OrphanDir) => number) =>
    dirs.reduce((total, dir) => total + pick(dir), 0);
  expect(rows((dir) => dir.diskBytes) - orphans.diskBytes).toBe(big.blocks * 512);
  expect(rows((dir) => dir.apparentBytes) - orphans.apparentBytes).toBe(1_000_003);

  // The breakdown on the same page says the same.
  const part = dataRoot.parts.find((each) => each.kind === 'orphan-layers');
  expect(part).toMatchObject({
    diskBytes: orphans.diskBytes,
    apparentBytes: orphans.apparentBytes,
    files: orphans.files,
    entries: 2,
  });
  // And overlay2/'s parts still add up to its du, the shared file in one of them.
  const overlayParts = dataRoot.parts.filter((each) => each.path === 'overlay2/');
  expect(overlayParts.reduce((total, each) => total + each.diskBytes, 0)).toBe(
    await du(['-x', '-B1', '-s'], overlay),
  );
});
