import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DiskUsage, Health, ImageList, PrunePreview, TreeListing } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFlagsFor } from '../../../scripts/node-flags.mjs';
import { du } from '../helpers/du.js';
import { debootstrapBinary, importNodeBaseImage } from '../helpers/node-base-image.js';
import { expectImagesAsDf, privateEngine, type RawDf } from './context.js';
import { rawRequest, session } from './raw-http.js';

/*
 * The container image of the Dockerfile, built and run on the private engine as
 * docker-compose.yml runs it, checked from outside the container.
 *
 * No registry is reachable, so the test makes the base image the Dockerfile's NODE_IMAGE stands
 * for (helpers/node-base-image.ts: debootstrap's minimal Debian root plus Node 24 from the npm
 * registry, kept under /var/tmp for the next run). The build stage fetches packages (apt, npm
 * ci): the private engine has no default bridge, so it builds with --network host. The
 * containers run as the compose file has them: on a network of their own, published on
 * 127.0.0.1 only (a free port rather than 7077: FOOTPRINT_PORT), the socket mounted, the data
 * root read-only at another path with DOCKER_DATA_ROOT, a read-only root file system, the state
 * volume, every capability dropped but CAP_DAC_READ_SEARCH.
 */

const run = promisify(execFile);
const engine = privateEngine();
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const baseTag = 'footprint-node-base:24';
/** The compose file's image name: `docker-compose up --no-build` runs what the test built. */
const imageTag = 'docker-footprint:local';
const containerName = `fp-image-${process.pid}`;
const networkName = `fp-image-${process.pid}`;
const composeProject = `fpcompose${process.pid}`;
const composeBinary = ['/usr/bin/docker-compose'].find((path) => existsSync(path)) ?? null;

if (debootstrapBinary === null) {
  console.warn(
    '\n*** container-image.test.ts SKIPPED: debootstrap is not installed, so the test cannot make ' +
      'the base image (apt-get install debootstrap). The container image is NOT tested. ***\n',
  );
}

const temp = mkdtempSync(join(tmpdir(), 'fp-image-'));
const stateDir = join(temp, 'state');
let imagesBefore: string[] = [];
let volumesBefore: string[] = [];
let port = 0;
let composePort = 0;
let token = '';
let browser: Awaited<ReturnType<typeof session>>;

async function docker(args: string[]): Promise<string> {
  return (await engine.docker(args, { legacyBuilder: true })).trim();
}

async function allImages(): Promise<string[]> {
  return (await docker(['images', '-aq', '--no-trunc'])).split('\n').filter(Boolean).sort();
}

async function volumes(): Promise<string[]> {
  return (await docker(['volume', 'ls', '-q'])).split('\n').filter(Boolean).sort();
}

async function compose(args: string[]): Promise<string> {
  if (composeBinary === null)
    throw new Error('docker-compose is not installed (apt-get install docker-compose)');
  const { stdout } = await run(
    composeBinary,
    ['-f', join(repoRoot, 'docker-compose.yml'), '-f', join(temp, 'override.yml')].concat(
      ['-p', composeProject],
      args,
    ),
    {
      env: { ...process.env, DOCKER_HOST: engine.dockerHost, FOOTPRINT_PORT: String(composePort) },
      maxBuffer: 16 << 20,
    },
  );
  return stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000) {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what}: not within ${ms} ms (${String(last)})`);
}

/** The session token a start printed (`docker logs`, as the README tells users to look). */
async function printedToken(container: string, other = ''): Promise<string> {
  return until(`the URL with the token in the logs of ${container}`, async () => {
    const logs = await docker(['logs', container]);
    const tokens = [...logs.matchAll(/\?token=([A-Za-z0-9_-]+)/g)].map((match) => match[1]);
    const last = tokens.at(-1);
    return last !== undefined && last !== other ? last : undefined;
  });
}

async function getJson<T>(path: string): Promise<T> {
  const response = await rawRequest(port, { path, headers: browser.headers() });
  expect(response.status, `${path}: ${response.body}`).toBe(200);
  return response.json<T>();
}

/** A new scan, and the figures it gives once done. */
async function freshScan(): Promise<DiskUsage> {
  const before = await getJson<DiskUsage>('/api/disk');
  const accepted = await browser.send('POST', '/api/disk/scan', {});
  expect(accepted.status, accepted.body).toBe(202);
  return until('a new scan', async () => {
    const disk = await getJson<DiskUsage>('/api/disk');
    const { scan } = disk.measurement;
    return scan.state === 'done' && scan.scanId !== before.measurement.scan.scanId
      ? disk
      : undefined;
  });
}

async function cleanUp(): Promise<void> {
  if (composeBinary !== null && existsSync(join(temp, 'override.yml')))
    await compose(['down', '-v', '--remove-orphans']).catch(() => '');
  await docker(['rm', '-f', '-v', containerName]).catch(() => '');
  await docker(['network', 'rm', networkName]).catch(() => '');
  for (const volume of await volumes().catch(() => []))
    if (!volumesBefore.includes(volume))
      await docker(['volume', 'rm', '-f', volume]).catch(() => '');
  // The legacy builder leaves the build stage behind as a dangling image and both stages'
  // steps as intermediate images: remove whatever the test added, children before parents.
  for (let round = 0; round < 10; round++) {
    const added = (await allImages().catch(() => [])).filter((id) => !imagesBefore.includes(id));
    if (added.length === 0) break;
    for (const id of added) await docker(['rmi', '-f', id]).catch(() => '');
  }
}

describe.skipIf(debootstrapBinary === null)('the container image, built and run', () => {
  beforeAll(async () => {
    imagesBefore = await allImages();
    volumesBefore = await volumes();
    await importNodeBaseImage(engine, {
      suite: 'bookworm',
      nodeMajor: 24,
      npmMajor: 11,
      tag: baseTag,
    });
    await docker([
      'build',
      '--quiet',
      '--network',
      'host',
      '--build-arg',
      `NODE_IMAGE=${baseTag}`,
      '--tag',
      imageTag,
      repoRoot,
    ]);
  }, 900_000);

  afterAll(async () => {
    await cleanUp();
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  }, 120_000);

  it('is built on Node 24 with the start command’s flags, and a health check', async () => {
    const [config] = JSON.parse(await docker(['image', 'inspect', imageTag])) as {
      Size: number;
      Config: { Cmd: string[]; Healthcheck?: { Test: string[] }; User: string; Env: string[] };
    }[];
    expect(config?.Config.Cmd).toEqual([
      'node',
      ...nodeFlagsFor('24.0.0'),
      'server/dist/server.bundle.js',
    ]);
    expect(config?.Config.Healthcheck?.Test[0]).toBe('CMD');
    expect(config?.Config.Env).toContain('MALLOC_ARENA_MAX=2');
    expect(
      await docker(['run', '--rm', '--network', 'none', imageTag, 'node', '--version']),
    ).toMatch(/^v24\./);
    console.warn(
      `container image: ${(config?.Size ?? 0) / 1e6} MB (its base, Debian minbase + Node 24: ` +
        `${Number(await docker(['image', 'inspect', '-f', '{{.Size}}', baseTag])) / 1e6} MB)`,
    );
  });

  it('runs as the compose file runs it, healthy, and answers the API only with the session', async () => {
    port = await freePort();
    mkdirSync(stateDir);
    await docker(['network', 'create', networkName]);
    await docker([
      'run',
      '--detach',
      '--name',
      containerName,
      '--network',
      networkName,
      '--publish',
      `127.0.0.1:${port}:7077`,
      '--read-only',
      '--cap-drop',
      'ALL',
      '--cap-add',
      'DAC_READ_SEARCH',
      '--security-opt',
      'no-new-privileges:true',
      '--env',
      `FOOTPRINT_ALLOWED_HOSTS=localhost:${port},127.0.0.1:${port}`,
      '--env',
      'DOCKER_HOST=unix:///var/run/docker.sock',
      '--env',
      'DOCKER_DATA_ROOT=/host/docker-data-root',
      '--volume',
      `${engine.socketPath}:/var/run/docker.sock`,
      '--volume',
      `${engine.dataRoot}:/host/docker-data-root:ro`,
      // The state volume as a directory of the host's: a named volume lives in the data root
      // this test compares with du, and its writes would move the figures (the compose run
      // below uses the named volume).
      '--volume',
      `${stateDir}:/state`,
      // The image's own check, probed often enough for a test to see it healthy.
      '--health-interval',
      '2s',
      imageTag,
    ]);
    token = await printedToken(containerName);
    expect(readFileSync(join(stateDir, 'session-token'), 'utf8').trim()).toBe(token);
    browser = await session(port, token);

    await until('healthy', async () =>
      (await docker(['inspect', '-f', '{{.State.Health.Status}}', containerName])) === 'healthy'
        ? true
        : undefined,
    );
    const health = await getJson<Health>('/api/health');
    expect(health).toMatchObject({ status: 'ok', engine: { reachable: true } });
    const bearer = await rawRequest(port, {
      path: '/api/health',
      headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${token}` },
    });
    expect(bearer.status).toBe(200);
    const anonymous = await rawRequest(port, {
      path: '/api/health',
      headers: { Host: `127.0.0.1:${port}` },
    });
    expect(anonymous.status).toBe(401);
  });

  it('reports every image exactly as the engine’s /system/df', async () => {
    const { images } = await getJson<ImageList>('/api/images');
    const df = await engine.api<RawDf>('/v1.41/system/df');
    expectImagesAsDf(images, df);
  });

  it('measures the data root it reads read-only to the byte of `du -x`', async () => {
    // The engine writes the container's health results into its config as the probes come:
    // a scan and du that a probe fell between are taken again.
    let disk: DiskUsage | undefined;
    let duBytes = -1;
    for (let attempt = 0; attempt < 3; attempt++) {
      disk = await freshScan();
      duBytes = await du(['-x', '-B1', '-s'], engine.dataRoot);
      if (disk.dataRoot?.diskBytes === duBytes) break;
    }
    expect(disk?.measurement).toMatchObject({
      dataRoot: '/host/docker-data-root',
      measured: true,
      partial: false,
      warnings: [],
    });
    expect(disk?.dataRoot?.diskBytes).toBe(duBytes);
  });

  it('opens a layer in the layer explorer', async () => {
    const baseId = await docker(['image', 'inspect', '-f', '{{.Id}}', baseTag]);
    const listing = await getJson<TreeListing>(
      `/api/images/${baseId}/tree?path=${encodeURIComponent('/usr/local/bin')}`,
    );
    const node = listing.entries.find((entry) => entry.name === 'node');
    expect(node).toMatchObject({ kind: 'file' });
    expect(node?.apparentBytes).toBeGreaterThan(50_000_000);
  });

  it('previews a prune', async () => {
    const response = await browser.send('POST', '/api/prune/preview', {
      kinds: ['dangling-images'],
    });
    expect(response.status, response.body).toBe(200);
    const plan = response.json<PrunePreview>();
    const untagged = async (all: string[]) =>
      (await docker(['images', ...all, '--no-trunc', '--format', '{{.ID}} {{.Repository}}']))
        .split('\n')
        .filter((line) => line.endsWith(' <none>'))
        .map((line) => line.split(' ')[0]);
    const ids = plan.items.map((item) => item.id);
    // Every dangling image (the build stage the legacy builder left is one), and the untagged
    // build parents that go with them.
    expect(ids).toEqual(expect.arrayContaining(await untagged([])));
    expect(await untagged(['-a'])).toEqual(expect.arrayContaining(ids));
    expect(new Set(plan.items.map((item) => item.kind))).toEqual(new Set(['image']));
  });

  it('keeps its state across a restart', async () => {
    const kept = readdirSync(stateDir);
    expect(kept.length).toBeGreaterThan(1);
    await docker(['restart', containerName]);
    token = await printedToken(containerName, token);
    browser = await session(port, token);
    const disk = await until('the first scan after the restart', async () => {
      const answer = await getJson<DiskUsage>('/api/disk');
      return answer.measurement.scan.state === 'done' ? answer : undefined;
    });
    // Its layers come from the scan cache the first start left in the state volume.
    expect(disk.measurement.scan.partsCached).toBeGreaterThan(0);
    expect(readdirSync(stateDir)).toEqual(expect.arrayContaining(kept));
    await docker(['rm', '-f', containerName]);
  });

  it('comes up with docker-compose 1.29 from the compose file as it is', async () => {
    composePort = await freePort();
    // The private engine's socket and data root instead of the host's; a free port instead of
    // 7077 (FOOTPRINT_PORT, see compose()).
    writeFileSync(
      join(temp, 'override.yml'),
      [
        'services:',
        '  dashboard:',
        '    volumes:',
        `      - ${engine.socketPath}:/var/run/docker.sock`,
        `      - ${engine.dataRoot}:/host/docker-data-root:ro`,
        '',
      ].join('\n'),
    );
    const config = await compose(['config']);
    expect(config).toContain('DAC_READ_SEARCH');
    expect(config).toMatch(/read_only: true/);
    expect(config).toContain(`127.0.0.1:${composePort}:7077`);
    await compose(['up', '-d', '--no-build']);
    const id = (await compose(['ps', '-q', 'dashboard'])).trim();
    const [inspected] = JSON.parse(await docker(['inspect', id])) as {
      HostConfig: {
        CapAdd: string[];
        CapDrop: string[];
        ReadonlyRootfs: boolean;
        PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
      };
      Mounts: { Destination: string; RW: boolean; Type: string }[];
    }[];
    expect(inspected?.HostConfig).toMatchObject({
      CapAdd: ['DAC_READ_SEARCH'],
      CapDrop: ['ALL'],
      ReadonlyRootfs: true,
      PortBindings: { '7077/tcp': [{ HostIp: '127.0.0.1', HostPort: String(composePort) }] },
    });
    expect(inspected?.Mounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Destination: '/host/docker-data-root', RW: false }),
        expect.objectContaining({ Destination: '/state', Type: 'volume', RW: true }),
      ]),
    );
    const printed = await until('the URL in docker-compose logs', async () => {
      const logs = await compose(['logs', '--no-color', 'dashboard']);
      return /\?token=([A-Za-z0-9_-]+)/.exec(logs)?.[1];
    });
    port = composePort;
    browser = await session(composePort, printed);
    const disk = await until('the first scan', async () => {
      const answer = await getJson<DiskUsage>('/api/disk');
      return answer.measurement.scan.state === 'done' ? answer : undefined;
    });
    expect(disk.measurement).toMatchObject({ measured: true, partial: false, warnings: [] });
    const { images } = await getJson<ImageList>('/api/images');
    expect(images).toHaveLength((await engine.api<RawDf>('/v1.41/system/df')).Images.length);
    await compose(['down', '-v']);
  });

  it('leaves the engine’s images and volumes as they were', async () => {
    await cleanUp();
    expect(await allImages()).toEqual(imagesBefore);
    expect(await volumes()).toEqual(volumesBefore);
  });
});
