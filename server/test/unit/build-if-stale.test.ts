import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Build, buildIfStale, builds } from '../../../scripts/build-if-stale.mjs';

/*
 * scripts/build-if-stale.mjs, which `npm start` runs, on a small tree of its own: a "build"
 * that concatenates its inputs into its output and counts its runs, so each test sees whether
 * it ran and what it was made from.
 */
let root: string;

const build: Build = {
  name: 'sample',
  command: [
    process.execPath,
    '-e',
    `const fs = require('node:fs');
     fs.mkdirSync('dist', { recursive: true });
     fs.writeFileSync('dist/out.txt', fs.readFileSync('src/a.txt', 'utf8') + (fs.existsSync('src/b.txt') ? fs.readFileSync('src/b.txt', 'utf8') : ''));
     fs.appendFileSync('runs.log', 'x');`,
  ],
  inputs: ['config.json', 'src'],
  outputs: ['dist/out.txt'],
};

const runs = async () => (await readFile(join(root, 'runs.log'), 'utf8').catch(() => '')).length;
const output = () => readFile(join(root, 'dist/out.txt'), 'utf8');
const start = () => buildIfStale(root, [build], () => {});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fp-build-if-stale-'));
  await mkdir(join(root, 'src'));
  await writeFile(join(root, 'config.json'), '{}');
  await writeFile(join(root, 'src/a.txt'), 'one');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('build-if-stale', () => {
  it('builds the first time, then skips while no input changed', async () => {
    expect(await start()).toEqual([
      { name: 'sample', built: true, reason: 'dist/out.txt is missing' },
    ]);
    expect(await output()).toBe('one');
    expect(await start()).toEqual([{ name: 'sample', built: false, reason: null }]);
    expect(await runs()).toBe(1);
  });

  it('builds again when an input file changed, and only then', async () => {
    await start();
    await writeFile(join(root, 'src/a.txt'), 'two');
    expect(await start()).toEqual([{ name: 'sample', built: true, reason: 'src/a.txt changed' }]);
    expect(await output()).toBe('two');
    expect(await start()).toMatchObject([{ built: false }]);
    expect(await runs()).toBe(2);
  });

  it('builds again when an input is added or removed, or the output is gone', async () => {
    await start();
    await writeFile(join(root, 'src/b.txt'), '+b');
    expect(await start()).toMatchObject([{ built: true, reason: 'src/b.txt is new' }]);
    expect(await output()).toBe('one+b');
    await rm(join(root, 'src/b.txt'));
    expect(await start()).toMatchObject([{ built: true, reason: 'src/b.txt was removed' }]);
    await rm(join(root, 'dist/out.txt'));
    expect(await start()).toMatchObject([{ built: true, reason: 'dist/out.txt is missing' }]);
    expect(await output()).toBe('one');
    expect(await runs()).toBe(4);
  });

  it('skips when a file is only touched (content, not mtime), and ignores tests', async () => {
    await start();
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, 'src/a.txt'), later, later);
    await writeFile(join(root, 'src/a.test.ts'), 'a test is in no build');
    expect(await start()).toMatchObject([{ built: false }]);
    expect(await runs()).toBe(1);
  });

  it('stamps nothing when the build fails, so the next start builds again', async () => {
    const failing: Build = { ...build, command: [process.execPath, '-e', 'process.exit(3)'] };
    await expect(buildIfStale(root, [failing], () => {})).rejects.toThrow(/failed \(3\)/);
    expect(await start()).toMatchObject([{ built: true }]);
  });

  it("names the repository's builds: the server bundle and the web UI, from their sources", () => {
    expect(builds.map((b) => [b.name, b.outputs])).toEqual([
      [
        'server',
        [
          'server/dist/server.bundle.js',
          'server/dist/server.main.cjs',
          'server/dist/cli.bundle.js',
        ],
      ],
      ['web UI', ['web/dist/index.html']],
    ]);
    expect(builds[0]?.inputs).toEqual(expect.arrayContaining(['shared/src', 'server/src']));
    expect(builds[1]?.inputs).toEqual(expect.arrayContaining(['shared/src', 'web/src']));
  });
});
