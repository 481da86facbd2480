import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ScanPool } from '../../src/storage/scan/scan-pool.js';
import { nativeWalkProblem, nativeWalkTree } from '../../src/storage/scan/native-walk.js';
import { type WalkRequest, type WalkResult, walkTree } from '../../src/storage/scan/walk-tree.js';
import { du } from '../helpers/du.js';

/*
 * The scanner on trees planted for each case, compared with GNU du run on the same tree. Real
 * files, real errors: an unreadable directory is unreadable because the scan runs with the
 * effective uid of nobody, a vanished one is deleted while the walk is under way. Each case
 * runs on both walkers: the TypeScript reference and the C addon the scan workers use.
 */

const run = promisify(execFile);
const base = mkdtempSync(join(tmpdir(), 'fp-scan-'));
// nobody must be able to reach the trees for the EACCES case.
chmodSync(base, 0o755);
// GNU rm, not fs.rm: the ENAMETOOLONG case leaves paths longer than PATH_MAX.
// One pool, as an app has (workers/worker-pools.ts).
const pool = new ScanPool();
const runWalks: ScanPool['runWalks'] = (requests, options) => pool.runWalks(requests, options);
const idleWorkers = () => pool.idleWorkers();
const prestartWorkers = (count?: number) => pool.prestart(count);
const endIdleWorkers = () => pool.endIdle();
afterAll(async () => {
  await pool.close();
  execFileSync('rm', ['-rf', base]);
});

let counter = 0;
function plant(): string {
  const dir = join(base, `tree-${++counter}`);
  mkdirSync(dir);
  return dir;
}

async function expectLikeDu(path: string, result: { diskBytes: number; apparentBytes: number }) {
  expect(result.diskBytes, 'du -B1 -s').toBe(await du(['-B1', '-s'], path));
  expect(result.apparentBytes, 'du -b -s').toBe(await du(['-b', '-s'], path));
}

if (nativeWalkTree === null) throw new Error(nativeWalkProblem ?? 'no native walker');
const nativeWalk = nativeWalkTree;
const walkers: [string, (request: WalkRequest) => WalkResult][] = [
  ['walkTree (TypeScript)', (request) => walkTree(request)],
  ['nativeWalkTree (C)', (request) => nativeWalk(request)],
];

describe.each(walkers)('%s', (_name, walk) => {
  it('counts a hard-linked file once, and symlinks without following them', async () => {
    const dir = plant();
    writeFileSync(join(dir, 'data.bin'), Buffer.alloc(100_000, 1));
    mkdirSync(join(dir, 'sub'));
    linkSync(join(dir, 'data.bin'), join(dir, 'sub', 'same.bin'));
    linkSync(join(dir, 'data.bin'), join(dir, 'again.bin'));
    symlinkSync('/usr', join(dir, 'to-usr'));
    symlinkSync('../../../../../../etc/shadow', join(dir, 'escape'));
    const result = walk({ root: Buffer.from(dir) });
    await expectLikeDu(dir, result);
    // data.bin (once) and two symlinks.
    expect(result.files).toBe(3);
    expect(result.linkedInodes).toHaveLength(1);
    const dirBytes = statSync(dir).size + statSync(join(dir, 'sub')).size;
    expect(result.apparentBytes).toBe(
      dirBytes + 100_000 + '/usr'.length + '../../../../../../etc/shadow'.length,
    );
  });

  it('handles names with newlines and bytes that are not UTF-8', async () => {
    const dir = plant();
    const raw = Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0x66, 0xff, 0xfe, 0x0a])]);
    mkdirSync(raw);
    writeFileSync(Buffer.concat([raw, Buffer.from('/line\nbreak.txt')]), 'x'.repeat(5000));
    writeFileSync(Buffer.concat([raw, Buffer.from([0x2f, 0xc3, 0x28])]), 'y'.repeat(7000));
    const result = walk({ root: Buffer.from(dir), perChild: true });
    expect(result.warnings).toEqual([]);
    expect(result.files).toBe(2);
    await expectLikeDu(dir, result);
    expect(result.children?.[0]?.name).toEqual(Buffer.from([0x66, 0xff, 0xfe, 0x0a]));
  });

  it('gives a partial result with a warning for a directory it may not read', async () => {
    const dir = plant();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'open'), { mode: 0o755 });
    writeFileSync(join(dir, 'open', 'visible'), Buffer.alloc(3000), { mode: 0o644 });
    mkdirSync(join(dir, 'closed'), { mode: 0o700 });
    writeFileSync(join(dir, 'closed', 'hidden'), Buffer.alloc(50_000));
    chmodSync(join(dir, 'open'), 0o755);

    // Root reads everything; nobody (65534) may not read closed/. The sync walk runs entirely
    // between the two seteuid calls.
    const seteuid = process.seteuid as (id: number) => void;
    seteuid(65534);
    let result: WalkResult;
    try {
      result = walk({ root: Buffer.from(dir) });
    } finally {
      seteuid(0);
    }
    expect(result.warnings.map((w) => [w.path.toString(), w.code])).toEqual([
      [join(dir, 'closed'), 'EACCES'],
    ]);
    // Everything but closed/'s contents: du as root minus hidden's blocks.
    const hidden = statSync(join(dir, 'closed', 'hidden')).blocks * 512;
    expect(result.diskBytes).toBe((await du(['-B1', '-s'], dir)) - hidden);
  });

  it('warns with ENAMETOOLONG beyond PATH_MAX instead of failing', async () => {
    const dir = plant();
    // 25 levels of 200-byte names: 5000+ bytes, beyond Linux's 4096-byte PATH_MAX. bash walks
    // there with relative paths, as du does.
    const segment = 'n'.repeat(200);
    execFileSync('bash', [
      '-c',
      'cd "$1" && for i in $(seq 1 25); do mkdir "$2" && cd -P "$2" || exit 1; done; echo deep > file',
      'bash',
      dir,
      segment,
    ]);
    const result = walk({ root: Buffer.from(dir) });
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings.every((w) => w.code === 'ENAMETOOLONG')).toBe(true);
    expect(result.diskBytes).toBeLessThan(await du(['-B1', '-s'], dir));
    execFileSync('rm', ['-rf', dir]);
  });

  it('goes deeper than any call stack would', async () => {
    const dir = plant();
    // 1800 levels of "d/": 3600 bytes, within PATH_MAX.
    const deep = join(dir, ...new Array(1800).fill('d'));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'bottom'), 'bottom\n');
    const result = walk({ root: Buffer.from(dir) });
    expect(result.warnings).toEqual([]);
    expect(result.directoriesRead).toBe(1801);
    await expectLikeDu(dir, result);
  });

  it('does not enter another filesystem mounted inside, as du -x', async () => {
    const dir = plant();
    mkdirSync(join(dir, 'merged'));
    writeFileSync(join(dir, 'upper'), Buffer.alloc(10_000));
    await run('mount', ['-t', 'tmpfs', 'tmpfs', join(dir, 'merged')]);
    try {
      writeFileSync(join(dir, 'merged', 'inside'), Buffer.alloc(20_000));
      const result = walk({ root: Buffer.from(dir) });
      expect(result.mountsSkipped).toBe(1);
      expect(result.diskBytes).toBe(await du(['-x', '-B1', '-s'], dir));
      expect(result.apparentBytes).toBe(await du(['-x', '-b', '-s'], dir));
    } finally {
      await run('umount', [join(dir, 'merged')]);
    }
  });

  it('counts work/ entries without entering them, as du counts an idle layer', async () => {
    const dir = plant();
    mkdirSync(join(dir, 'work', 'work'), { recursive: true });
    chmodSync(join(dir, 'work', 'work'), 0o000);
    mkdirSync(join(dir, 'diff'));
    writeFileSync(join(dir, 'diff', 'f'), 'f');
    const result = walk({ root: Buffer.from(dir), shallow: ['work'] });
    // work/work is counted (one lstat) but not read.
    expect(result.directoriesRead).toBe(3);
    await expectLikeDu(dir, result);
  });
});

describe('nativeWalkTree', () => {
  /** A tree with a bit of everything whose order matters: hard links across children, names. */
  function plantMixed(): string {
    const dir = plant();
    for (const child of ['b-dir', 'a-dir', 'work'])
      mkdirSync(join(dir, child, 'nested', 'deeper'), { recursive: true });
    mkdirSync(Buffer.from([...Buffer.from(`${dir}/z`), 0xff]));
    writeFileSync(join(dir, 'b-dir', 'nested', 'shared.bin'), Buffer.alloc(70_000, 2));
    linkSync(join(dir, 'b-dir', 'nested', 'shared.bin'), join(dir, 'a-dir', 'link.bin'));
    linkSync(join(dir, 'b-dir', 'nested', 'shared.bin'), join(dir, 'work', 'nested', 'l.bin'));
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/a-dir/caf`), Buffer.from([0xe9])]), 'xyz');
    writeFileSync(join(dir, 'a-dir', 'nested', 'deeper', 'sparse'), '');
    execFileSync('truncate', ['-s', '10M', join(dir, 'a-dir', 'nested', 'deeper', 'sparse')]);
    symlinkSync('/etc', join(dir, 'b-dir', 'to-etc'));
    writeFileSync(join(dir, 'top.txt'), 'top');
    return dir;
  }

  it('gives the same result as walkTree, field by field, and as du', async () => {
    const dir = plantMixed();
    const requests: WalkRequest[] = [
      { root: Buffer.from(dir) },
      { root: Buffer.from(dir), perChild: true, shallow: ['work'] },
      { root: Buffer.from(dir), selfOnly: true },
      { root: Buffer.from(join(dir, 'top.txt')) },
      { root: Buffer.from(join(dir, 'missing')) },
      { root: Buffer.from(dir), device: statSync(dir, { bigint: true }).dev + 1n },
    ];
    for (const request of requests) expect(nativeWalk(request)).toEqual(walkTree(request));
    const whole = nativeWalk({ root: Buffer.from(dir), perChild: true });
    await expectLikeDu(dir, whole);
    // Children listed in strcmp order and entered last first: the hard link is charged to
    // work/, the last child that holds it, by both walkers.
    expect(whole.children?.map((c) => [c.name.toString('latin1'), c.files])).toEqual([
      ['a-dir', 2],
      ['b-dir', 1],
      ['top.txt', 1],
      ['work', 1],
      ['z\u00ff', 0],
    ]);
    expect(whole.linkedInodes).toHaveLength(1);
    expect(nativeWalk({ root: Buffer.from(join(dir, 'missing')) }).rootMissing).toBe(true);
  });

  it('reports progress as it goes, and once at the end', () => {
    const dir = plant();
    for (let i = 0; i < 600; i++) mkdirSync(join(dir, `d${i}`));
    const calls: [number, number][] = [];
    const result = nativeWalk({ root: Buffer.from(dir) }, (directoriesRead, diskBytes) =>
      calls.push([directoriesRead, diskBytes]),
    );
    expect(calls.map(([read]) => read)).toEqual([256, 512, 601]);
    expect(calls.at(-1)).toEqual([601, result.diskBytes]);
  });
});

describe('walkTree', () => {
  // Hooks exist in the TypeScript walker only: the C one runs the same rules untouched.
  it('skips and counts an entry that vanishes during the walk', async () => {
    const dir = plant();
    for (const name of ['a', 'b']) {
      mkdirSync(join(dir, name, 'deep'), { recursive: true });
      writeFileSync(join(dir, name, 'deep', 'file'), Buffer.alloc(9000));
    }
    // When the walk is about to read a/, b/ goes (or the other way round): one of them was
    // listed and lstat-ed, and is gone when its turn comes.
    let removed: string | null = null;
    let removedOwnBytes = 0;
    const result = walkTree({ root: Buffer.from(dir) }, undefined, {
      beforeReadDir(path, depth) {
        if (depth !== 1 || removed !== null) return;
        const other = path.toString().endsWith('/a') ? 'b' : 'a';
        removed = other;
        removedOwnBytes = statSync(join(dir, other)).blocks * 512;
        rmSync(join(dir, other), { recursive: true });
      },
    });
    expect(removed).not.toBeNull();
    expect(result.vanished).toBe(1);
    expect(result.warnings).toEqual([]);
    // What is left is exactly what du counts now, plus the vanished dir's own entry, counted
    // when it was listed.
    expect(result.diskBytes).toBe((await du(['-B1', '-s'], dir)) + removedOwnBytes);
  });
});

describe('runWalks', () => {
  it('walks in worker threads and returns results in request order', async () => {
    const dirs = [plant(), plant(), plant()];
    dirs.forEach((dir, index) => {
      writeFileSync(join(dir, 'f'), Buffer.alloc((index + 1) * 10_000));
    });
    const progress: number[] = [];
    const results = await runWalks(
      dirs.map((dir) => ({ root: Buffer.from(dir) })),
      { workers: 2, onResult: (index) => progress.push(index) },
    );
    expect(progress.sort()).toEqual([0, 1, 2]);
    for (const [index, dir] of dirs.entries()) {
      await expectLikeDu(dir, results[index] as { diskBytes: number; apparentBytes: number });
    }
  });

  it('keeps its workers a while for the next run, and ends them when told', async () => {
    await endIdleWorkers();
    const dirs = [plant(), plant(), plant()];
    dirs.forEach((dir, index) => writeFileSync(join(dir, 'f'), Buffer.alloc((index + 1) * 4096)));
    const requests = dirs.map((dir) => ({ root: Buffer.from(dir) }));
    await runWalks(requests, { workers: 2 });
    expect(idleWorkers()).toBe(2);
    // The same workers walk again, as exactly as new ones.
    const again = await runWalks(requests, { workers: 2 });
    expect(idleWorkers()).toBe(2);
    for (const [index, dir] of dirs.entries()) {
      await expectLikeDu(dir, again[index] as { diskBytes: number; apparentBytes: number });
    }
    // A cancelled run's workers are not kept: they may be mid-directory.
    const abort = new AbortController();
    abort.abort();
    await expect(runWalks(requests, { workers: 2, signal: abort.signal })).rejects.toThrow(
      'cancelled',
    );
    expect(idleWorkers()).toBe(0);
    await runWalks(requests, { workers: 1 });
    await endIdleWorkers();
    expect(idleWorkers()).toBe(0);
  });

  it('starts workers ahead of a run, which then walks with them', async () => {
    await endIdleWorkers();
    prestartWorkers(2);
    expect(idleWorkers()).toBe(2);
    // Started again, it adds none: two are ready.
    prestartWorkers(2);
    expect(idleWorkers()).toBe(2);
    const dir = plant();
    writeFileSync(join(dir, 'f'), Buffer.alloc(8192));
    const [result] = await runWalks([{ root: Buffer.from(dir) }], { workers: 1 });
    expect(idleWorkers()).toBe(2);
    await expectLikeDu(dir, result as { diskBytes: number; apparentBytes: number });
    await endIdleWorkers();
  });
});
