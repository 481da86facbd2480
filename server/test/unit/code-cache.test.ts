import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheDir } from '../../src/code-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'fp-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CommonJS script as the server's bundle is one: it says what it was given. */
function script(name: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    '#!/usr/bin/env node\n' +
      'const { join } = require("node:path");\n' +
      'console.log(JSON.stringify({ filename: __filename, beside: join(__dirname, "x") }));\n',
  );
  return path;
}

const codeCache = fileURLToPath(new URL('../../src/code-cache.ts', import.meta.url));

/**
 * runWithCodeCache in a process of its own, as a server start is: V8 keeps what one process
 * compiled and would not read the cache for the same source twice.
 */
function run(main: string, cacheDir: string) {
  const code =
    `const { runWithCodeCache } = await import(${JSON.stringify(codeCache)});\n` +
    `const run = runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(cacheDir)}, 0);\n` +
    // The write's timer keeps no process up (a server's does not need it to): this one waits.
    'const keep = setTimeout(() => {}, 30_000);\n' +
    'const written = await run.written;\n' +
    'clearTimeout(keep);\n' +
    'console.log(JSON.stringify({ cache: run.cache, written }));\n';
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', code],
    {
      encoding: 'utf8',
    },
  );
  expect(child.stderr).toBe('');
  const [ran, result] = child.stdout.trim().split('\n');
  return {
    ran: JSON.parse(ran ?? 'null') as unknown,
    ...(JSON.parse(result ?? 'null') as { cache: string; written: boolean | null }),
  };
}

// Each case starts node processes (with tsx), a second or more each on a loaded machine.
describe('the server bundle run with a code cache', { timeout: 60_000 }, () => {
  it('runs the script, writes its cache, and the next run uses it', () => {
    const main = script('main.cjs');
    const cacheDir = join(dir, 'state', 'code-cache');
    const ran = { filename: main, beside: join(dir, 'x') };
    expect(run(main, cacheDir)).toEqual({ ran, cache: 'none', written: true });
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^server-.*-node${process.versions.node}-.*\\.bin$`));
    expect(run(main, cacheDir)).toEqual({ ran, cache: 'accepted', written: null });
  });

  it('runs a damaged cache as none, and writes a good one in its place', () => {
    const main = script('damaged.cjs');
    const cacheDir = join(dir, 'damaged-cache');
    run(main, cacheDir);
    const [file] = readdirSync(cacheDir);
    const path = join(cacheDir, file ?? '');
    writeFileSync(path, Buffer.alloc(readFileSync(path).length, 7));
    expect(run(main, cacheDir)).toMatchObject({ cache: 'rejected', written: true });
    expect(run(main, cacheDir).cache).toBe('accepted');
  });

  it('still runs when the cache directory cannot be made, and says it wrote nothing', () => {
    const main = script('unwritable.cjs');
    // A regular file where a directory would have to be: mkdir fails even for root.
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, '');
    expect(run(main, join(blocker, 'code-cache'))).toEqual({
      ran: { filename: main, beside: join(dir, 'x') },
      cache: 'none',
      written: false,
    });
  });

  it('keeps only the cache of the build it runs', () => {
    const cacheDir = join(dir, 'one-build');
    const main = script('rebuilt.cjs');
    run(main, cacheDir);
    writeFileSync(main, `${readFileSync(main, 'utf8')}// rebuilt\n`);
    expect(run(main, cacheDir).cache).toBe('none');
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  it('reads a script past ASCII as UTF-8 (the server’s bundle is ASCII, read as Latin-1)', () => {
    const main = join(dir, 'unicode.cjs');
    writeFileSync(main, 'console.log(JSON.stringify({ text: "it’s 5 µs – 🐳" }));\n');
    expect(run(main, join(dir, 'unicode-cache')).ran).toEqual({ text: 'it’s 5 µs – 🐳' });
  });

  it('lives in the state root config.ts chooses, never the working directory', () => {
    expect(codeCacheDir({ FOOTPRINT_STATE_DIR: '/srv/fp' })).toBe('/srv/fp/code-cache');
    expect(codeCacheDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/a' })).toBe(
      '/x/state/docker-footprint/code-cache',
    );
    expect(codeCacheDir({ HOME: '/home/a' })).toBe(
      '/home/a/.local/state/docker-footprint/code-cache',
    );
  });
});
