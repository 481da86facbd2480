import { execFile } from 'node:child_process';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ScanPool } from '../../src/storage/scan/scan-pool.js';
import { realFs, type WalkFs, walkTree } from '../../src/storage/scan/walk-tree.js';
import { du } from '../helpers/du.js';

/*
 * The walker's own branches on real files in a temp dir: names that are not UTF-8 (walked with
 * Buffer paths), hard-link keys beyond 2^53 (read again exactly), entries that vanish between
 * readdir and lstat. The WalkFs passed in only watches or deletes real files; it fakes nothing.
 */

const run = promisify(execFile);
const base = mkdtempSync(join(tmpdir(), 'fp-walk-'));
// One pool, as an app has (workers/worker-pools.ts).
const pool = new ScanPool();
const runWalks: ScanPool['runWalks'] = (requests, options) => pool.runWalks(requests, options);
afterAll(async () => {
  await pool.close();
  rmSync(base, { recursive: true, force: true });
});

let counter = 0;
function plant(): string {
  const dir = join(base, `tree-${++counter}`);
  mkdirSync(dir);
  return dir;
}

function sizeOf(path: string | Buffer): number {
  return lstatSync(path).size;
}

/** realFs, recording which directories were read as text and which as bytes. */
function watchedFs(): { fs: WalkFs; asText: string[]; asBytes: Buffer[] } {
  const asText: string[] = [];
  const asBytes: Buffer[] = [];
  const fs: WalkFs = {
    ...realFs,
    readdir: (path) => {
      asText.push(path);
      return realFs.readdir(path);
    },
    readdirRaw: (path) => {
      asBytes.push(Buffer.from(path));
      return realFs.readdirRaw(path);
    },
  };
  return { fs, asText, asBytes };
}

describe('walkTree with names that are not UTF-8', () => {
  it('reads such a directory again as bytes and walks below it with Buffer paths', async () => {
    const root = plant();
    const odd = join(root, 'odd');
    const cafe = Buffer.concat([Buffer.from(`${odd}/caf`), Buffer.from([0xe9])]); // Latin-1 é
    const inner = Buffer.concat([cafe, Buffer.from('/inner')]);
    mkdirSync(join(root, 'plain'));
    mkdirSync(odd);
    mkdirSync(inner, { recursive: true });
    mkdirSync(join(root, 'fffd'));
    writeFileSync(join(root, 'plain', 'a.txt'), 'x'.repeat(10));
    writeFileSync(Buffer.concat([cafe, Buffer.from('/ok.txt')]), 'x'.repeat(3));
    writeFileSync(Buffer.concat([inner, Buffer.from('/deep'), Buffer.from([0xff])]), 'x'.repeat(7));
    // Valid UTF-8 that holds U+FFFD itself: read twice, counted once.
    writeFileSync(join(root, 'fffd', 'real-\uFFFD.txt'), 'x'.repeat(5));

    const { fs, asText, asBytes } = watchedFs();
    const result = walkTree({ root: Buffer.from(root), perChild: true }, fs);

    expect(result.warnings).toEqual([]);
    expect(result.vanished).toBe(0);
    expect(result.files).toBe(4);
    expect(result.directoriesRead).toBe(6);
    const fileBytes = 10 + 3 + 7 + 5;
    const oddDirs = sizeOf(odd) + sizeOf(cafe) + sizeOf(inner);
    const otherDirs = sizeOf(root) + sizeOf(join(root, 'plain')) + sizeOf(join(root, 'fffd'));
    expect(result.apparentBytes).toBe(oddDirs + otherDirs + fileBytes);
    expect(result.diskBytes).toBe(await du(['-B1', '-s'], root));
    expect(result.apparentBytes).toBe(await du(['-b', '-s'], root));

    // Text first everywhere a path is text; bytes for odd/ (a name in it is not UTF-8), for
    // everything below it, and for fffd/ (a name with U+FFFD in it).
    expect([...asText].sort()).toEqual([root, join(root, 'fffd'), odd, join(root, 'plain')]);
    expect(asBytes.map((path) => path.toString('latin1')).sort()).toEqual(
      [Buffer.from(join(root, 'fffd')), Buffer.from(odd), cafe, inner]
        .map((path) => path.toString('latin1'))
        .sort(),
    );
    const oddChild = result.children?.find((child) => child.name.equals(Buffer.from('odd')));
    expect(oddChild).toEqual({
      name: Buffer.from('odd'),
      isDirectory: true,
      diskBytes: await du(['-B1', '-s'], odd),
      apparentBytes: oddDirs + 3 + 7,
      files: 2,
    });
  });

  it('walks a root whose own path is not UTF-8 with Buffer paths from the start', () => {
    const root = Buffer.concat([Buffer.from(`${plant()}/r`), Buffer.from([0xfe])]);
    mkdirSync(Buffer.concat([root, Buffer.from('/sub')]), { recursive: true });
    writeFileSync(Buffer.concat([root, Buffer.from('/sub/f')]), 'x'.repeat(100));
    const { fs, asText, asBytes } = watchedFs();
    const result = walkTree({ root }, fs);
    expect(result.warnings).toEqual([]);
    expect(result.files).toBe(1);
    expect(result.apparentBytes).toBe(
      sizeOf(root) + sizeOf(Buffer.concat([root, Buffer.from('/sub')])) + 100,
    );
    expect(asText).toEqual([]);
    expect(asBytes).toHaveLength(2);
  });
});

describe('walkTree hard-link keys', () => {
  it('counts a file linked three times once, keyed by its exact dev:ino', () => {
    const root = plant();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'x'), 'x'.repeat(1000));
    linkSync(join(root, 'x'), join(root, 'sub', 'y'));
    linkSync(join(root, 'x'), join(root, 'z'));
    const exact = lstatSync(join(root, 'x'), { bigint: true });
    const result = walkTree({ root: Buffer.from(root) });
    expect(result.files).toBe(1);
    expect(result.apparentBytes).toBe(sizeOf(root) + sizeOf(join(root, 'sub')) + 1000);
    // The same key a BigInt lstat gives: cached results and other entries are merged by it.
    expect(result.linkedInodes).toEqual([
      [`${exact.dev}:${exact.ino}`, Number(exact.blocks) * 512, 1000],
    ]);
  });

  // overlayfs with xino=on over two filesystems puts the layer in the top bits of st_ino
  // (Documentation/filesystems/overlayfs.rst, "Inode properties"): 2^63 + n for a lower file.
  // Two such inodes differ in the last bits only, which a double cannot hold.
  it.skipIf(process.getuid?.() !== 0)(
    'keeps two inodes apart whose numbers beyond 2^53 round to the same double',
    async () => {
      const root = plant();
      const [lowerFs, upperDir, merged] = ['lower-fs', 'upper', 'merged'].map((name) =>
        join(root, name),
      ) as [string, string, string];
      mkdirSync(lowerFs);
      mkdirSync(join(upperDir, 'upper'), { recursive: true });
      mkdirSync(join(upperDir, 'work'));
      mkdirSync(merged);
      await run('mount', ['-t', 'tmpfs', 'tmpfs', lowerFs]);
      try {
        writeFileSync(join(lowerFs, 'a'), 'x'.repeat(3));
        linkSync(join(lowerFs, 'a'), join(lowerFs, 'b'));
        writeFileSync(join(lowerFs, 'c'), 'x'.repeat(5));
        linkSync(join(lowerFs, 'c'), join(lowerFs, 'd'));
        const options = `lowerdir=${lowerFs},upperdir=${upperDir}/upper,workdir=${upperDir}/work`;
        await run('mount', ['-t', 'overlay', 'overlay', '-o', `${options},xino=on`, merged]);
        try {
          // Node's BigIntStats holds st_ino as a signed 64-bit integer: 2^63 + n reads as
          // n - 2^63. The key keeps that spelling, the one earlier scans (and the cache) used.
          const a = lstatSync(join(merged, 'a'), { bigint: true });
          const c = lstatSync(join(merged, 'c'), { bigint: true });
          expect(BigInt.asUintN(64, a.ino)).toBeGreaterThan(2n ** 53n);
          expect(a.ino).not.toBe(c.ino);
          expect(lstatSync(join(merged, 'a')).ino, 'as numbers').toBe(
            lstatSync(join(merged, 'c')).ino,
          );

          const result = walkTree({ root: Buffer.from(merged) });
          expect(result.warnings).toEqual([]);
          expect(result.files).toBe(2);
          expect(result.linkedInodes.map(([key]) => key).sort()).toEqual(
            [`${a.dev}:${a.ino}`, `${c.dev}:${c.ino}`].sort(),
          );
          expect(result.apparentBytes).toBe(sizeOf(merged) + 3 + 5);
          expect(result.diskBytes).toBe(await du(['-B1', '-s'], merged));
        } finally {
          await run('umount', [merged]);
        }
      } finally {
        await run('umount', [lowerFs]);
      }
    },
  );
});

describe('walkTree with entries that change under it', () => {
  it('counts an entry gone between readdir and lstat as vanished, not as an error', () => {
    const root = plant();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub', 'gone'), 'x'.repeat(50));
    writeFileSync(join(root, 'sub', 'kept'), 'x'.repeat(20));
    // sub2/ becomes a file after it was listed: lstat of sub2/f fails with ENOTDIR.
    mkdirSync(join(root, 'sub2'));
    writeFileSync(join(root, 'sub2', 'f'), 'x'.repeat(30));
    const expectedDirs = sizeOf(root) + sizeOf(join(root, 'sub')) + sizeOf(join(root, 'sub2'));
    const fs: WalkFs = {
      ...realFs,
      readdir: (path) => {
        const names = realFs.readdir(path);
        if (path.endsWith('/sub')) unlinkSync(join(path, 'gone'));
        if (path.endsWith('/sub2')) {
          rmSync(path, { recursive: true });
          writeFileSync(path, '');
        }
        return names;
      },
    };
    const result = walkTree({ root: Buffer.from(root) }, fs);
    expect(result.warnings).toEqual([]);
    expect(result.vanished).toBe(2);
    expect(result.files).toBe(1);
    expect(result.apparentBytes).toBe(expectedDirs + 20);
  });
});

describe('walkTree devices', () => {
  it('leaves the root out when asked to stay on a device number beyond 2^53', () => {
    const root = plant();
    writeFileSync(join(root, 'f'), 'x');
    const result = walkTree({ root: Buffer.from(root), device: 2n ** 60n + 1n });
    expect(result.mountsSkipped).toBe(1);
    expect([result.diskBytes, result.apparentBytes, result.files]).toEqual([0, 0, 0]);
  });

  it('keeps an exact device below 2^53 as the walk goes down', () => {
    const root = plant();
    mkdirSync(join(root, 'd'));
    writeFileSync(join(root, 'd', 'f'), 'x'.repeat(40));
    const device = lstatSync(root, { bigint: true }).dev;
    const result = walkTree({ root: Buffer.from(root), device });
    expect(result.mountsSkipped).toBe(0);
    expect(result.files).toBe(1);
    expect(result.apparentBytes).toBe(sizeOf(root) + sizeOf(join(root, 'd')) + 40);
  });
});

describe('runWalks in batches', () => {
  it('gives every one of 40 directories its own result, in request order', async () => {
    const dirs = Array.from({ length: 40 }, (_, index) => {
      const dir = plant();
      writeFileSync(join(dir, 'f'), 'x'.repeat(index * 10));
      return dir;
    });
    const seen: number[] = [];
    // 2 workers: batches of 5, 4, 3, … jobs, then single ones (40 / 8, 35 / 8, …).
    const results = await runWalks(
      dirs.map((dir) => ({ root: Buffer.from(dir) })),
      { workers: 2, onResult: (index) => seen.push(index) },
    );
    expect(seen.sort((a, b) => a - b)).toEqual(dirs.map((_, index) => index));
    expect(results.map((result) => [result.files, result.apparentBytes])).toEqual(
      dirs.map((dir, index) => [1, sizeOf(dir) + index * 10]),
    );
  });
});
