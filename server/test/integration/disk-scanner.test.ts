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
import { probeDataRoot } from '../../src/storage/data-root-access.js';
import { endIdleWorkers, idleWorkers, runWalks } from '../../src/storage/scan/scan-pool.js';
import { walkTree } from '../../src/storage/scan/walk-tree.js';

/*
 * The scanner on trees planted for each case, compared with GNU du run on the same tree. Real
 * files, real errors: an unreadable directory is unreadable because the scan runs with the
 * effective uid of nobody, a vanished one is deleted while the walk is under way.
 */

const run = promisify(execFile);
const base = mkdtempSync(join(tmpdir(), 'fp-scan-'));
// nobody must be able to reach the trees for the EACCES case.
chmodSync(base, 0o755);
// GNU rm, not fs.rm: the ENAMETOOLONG case leaves paths longer than PATH_MAX.
afterAll(() => execFileSync('rm', ['-rf', base]));

let counter = 0;
function plant(): string {
  const dir = join(base, `tree-${++counter}`);
  mkdirSync(dir);
  return dir;
}

async function du(args: string[], path: string): Promise<number> {
  const { stdout } = await run('du', [...args, path]);
  return Number(stdout.split('\t')[0]);
}

async function expectLikeDu(path: string, result: { diskBytes: number; apparentBytes: number }) {
  expect(result.diskBytes, 'du -B1 -s').toBe(await du(['-B1', '-s'], path));
  expect(result.apparentBytes, 'du -b -s').toBe(await du(['-b', '-s'], path));
}

describe('walkTree', () => {
  it('counts a hard-linked file once, and symlinks without following them', async () => {
    const dir = plant();
    writeFileSync(join(dir, 'data.bin'), Buffer.alloc(100_000, 1));
    mkdirSync(join(dir, 'sub'));
    linkSync(join(dir, 'data.bin'), join(dir, 'sub', 'same.bin'));
    linkSync(join(dir, 'data.bin'), join(dir, 'again.bin'));
    symlinkSync('/usr', join(dir, 'to-usr'));
    symlinkSync('../../../../../../etc/shadow', join(dir, 'escape'));
    const result = walkTree({ root: Buffer.from(dir) });
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
    const result = walkTree({ root: Buffer.from(dir), perChild: true });
    expect(result.warnings).toEqual([]);
    expect(result.files).toBe(2);
    await expectLikeDu(dir, result);
    expect(result.children?.[0]?.name).toEqual(Buffer.from([0x66, 0xff, 0xfe, 0x0a]));
  });

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
    let result: ReturnType<typeof walkTree>;
    try {
      result = walkTree({ root: Buffer.from(dir) });
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
    const result = walkTree({ root: Buffer.from(dir) });
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
    const result = walkTree({ root: Buffer.from(dir) });
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
      const result = walkTree({ root: Buffer.from(dir) });
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
    const result = walkTree({ root: Buffer.from(dir), shallow: ['work'] });
    // work/work is counted (one lstat) but not read.
    expect(result.directoriesRead).toBe(3);
    await expectLikeDu(dir, result);
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
});

describe('probeDataRoot', () => {
  it('says what to change when the data root is missing', async () => {
    const access = await probeDataRoot('/nonexistent/docker', 'overlay2', false);
    expect(access.readable).toBe(false);
    if (!access.readable) expect(access.reason).toContain('DOCKER_DATA_ROOT');
  });

  it('says what to change when the data root is not readable by this user', async () => {
    const dir = plant();
    mkdirSync(join(dir, 'root'), { mode: 0o710 });
    const seteuid = process.seteuid as (id: number) => void;
    seteuid(65534);
    let access: Awaited<ReturnType<typeof probeDataRoot>>;
    try {
      access = await probeDataRoot(join(dir, 'root'), 'overlay2', true);
    } finally {
      seteuid(0);
    }
    expect(access.readable).toBe(false);
    if (!access.readable) {
      expect(access.reason).toContain('EACCES');
      expect(access.reason).toContain('uid 65534');
      expect(access.reason).toContain('rootless');
    }
  });
});
