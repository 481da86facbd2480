import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  engineEnabledPath,
  engineScopedPath,
  type DiskUsage,
  type EngineList,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerCliBinary, type PrivateEngine } from '../helpers/private-engine.js';
import { fixtureSpecs } from '../helpers/fixtures.js';
import {
  appOnPrivateEngine,
  expectImagesAsDf,
  injectHost,
  type RawDf,
  testToken,
} from './context.js';
import { enginesOf, imagesOf, removeOnEngine, sourceFor, twoEngines } from './engine-scoped.js';
import { listen, rawRequest, session } from './raw-http.js';

/*
 * Two private engines followed by one app (issue 19): the default one (DOCKER_HOST) and a second
 * one named as an extra source. Each answers its own figures, an action on one leaves the other
 * as it was, and the second can be turned off, stopped and started again while the app runs.
 */

const run = promisify(execFile);
let first: PrivateEngine;
let second: PrivateEngine;
let stateDir: string;
let dockerConfig: string;
/** A tcp address on this machine's non-loopback interface, forwarding to `second`'s socket. */
let remote: { server: Server; address: string };
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let browser: Awaited<ReturnType<typeof session>>;
const remoteSource = () => sourceFor('remote', remote.address);
const secondSource = () => sourceFor('second', second.dockerHost);

beforeAll(async () => {
  [first, second] = await twoEngines();
  remote = await forwardToSocket(second.socketPath);
  stateDir = await mkdtemp(join(tmpdir(), 'fp-engines-state-'));
  dockerConfig = await mkdtemp(join(tmpdir(), 'fp-engines-config-'));
  app = await appOnPrivateEngine(first, {
    stateDir,
    engines: [secondSource(), remoteSource()],
    // Contexts made by the docker CLI itself in a private config dir: followed while running.
    discovery: {
      env: { DOCKER_HOST: first.dockerHost },
      dockerConfigDir: dockerConfig,
      settings: undefined,
      podman: { systemConfigPaths: [], sockets: [] },
    },
  });
  browser = await session(await listen(app), testToken);
}, 120_000);

afterAll(async () => {
  await app?.close();
  remote?.server.close();
  await Promise.all([first?.destroy(), second?.destroy()]);
  await rm(stateDir, { recursive: true, force: true });
  await rm(dockerConfig, { recursive: true, force: true });
});

/**
 * A plain tcp listener on the first non-loopback IPv4 address, piping each connection to a unix
 * socket: an engine reached at an address that is not this machine's loopback, as a remote one.
 */
async function forwardToSocket(socketPath: string): Promise<{ server: Server; address: string }> {
  const host = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;
  if (host === undefined) throw new Error('this machine has no non-loopback IPv4 address');
  const server = createServer((client) => {
    const engine = connect(socketPath);
    client.pipe(engine).pipe(client);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, address: `tcp://${host}:${port}` };
}

const engines = () => enginesOf(browser);

describe('two engines in one app', () => {
  it('lists both, each up with its own engine figures', async () => {
    const list = await engines();
    const secondId = secondSource().id;
    expect(list.engines.map((engine) => engine.id)).toContain(secondId);
    const entry = list.engines.find((engine) => engine.id === secondId);
    const home = list.engines.find((engine) => engine.id === list.defaultEngineId);
    expect(home?.default).toBe(true);
    expect(entry).toMatchObject({ name: 'second', transport: 'unix', status: 'up', enabled: true });
    for (const [summary, engine] of [
      [home, first],
      [entry, second],
    ] as const) {
      const df = await engine.api<RawDf & Record<string, { Size?: number }[] | null>>(
        '/v1.41/system/df',
      );
      expect(summary?.totals?.imageCount).toBe(df.Images.length);
      expect(summary?.dataRoot).toBe(engine.dataRoot);
    }
  });

  it('sends the engine list again as the same bytes while nothing changed (ETag, 304)', async () => {
    // A scan finishing or a df answer renewed (every 15 s) is a change: ask until two answers
    // in a row are the same, then that ETag is answered with 304.
    const port = Number(browser.host.split(':')[1]);
    let outcome = { same: false, status: 0 };
    for (let tries = 0; tries < 20 && outcome.status !== 304; tries++) {
      const first = String((await browser.get('/api/engines')).headers.etag ?? '');
      const second = String((await browser.get('/api/engines')).headers.etag ?? '');
      const cached = await rawRequest(port, {
        path: '/api/engines',
        headers: { Host: browser.host, 'If-None-Match': second },
      });
      outcome = { same: first !== '' && first === second, status: cached.status };
    }
    expect(outcome).toEqual({ same: true, status: 304 });
  });

  it('answers each engine’s images exactly as that engine’s /system/df, unscoped = default', async () => {
    const list = await engines();
    const secondId = secondSource().id;
    expectImagesAsDf(
      (await imagesOf(browser, null)).images,
      await first.api<RawDf>('/v1.41/system/df'),
    );
    expectImagesAsDf(
      (await imagesOf(browser, list.defaultEngineId)).images,
      await first.api<RawDf>('/v1.41/system/df'),
    );
    expectImagesAsDf(
      (await imagesOf(browser, secondId)).images,
      await second.api<RawDf>('/v1.41/system/df'),
    );
  });

  it('gives a remote engine its own figures and says plainly why its disk is not measured', async () => {
    const id = remoteSource().id;
    const entry = (await engines()).engines.find((engine) => engine.id === id);
    expect(entry).toMatchObject({ transport: 'tcp', status: 'up', diskMeasured: false });
    expect(entry?.diskReason).toMatch(/runs on .*run the dashboard on that host/);
    expectImagesAsDf(
      (await imagesOf(browser, id)).images,
      await second.api<RawDf>('/v1.41/system/df'),
    );
    const disk = await browser.get(engineScopedPath(id, '/api/disk'));
    expect(disk.status, disk.body).toBe(200);
    const { measurement, dataRoot } = JSON.parse(disk.body) as DiskUsage;
    expect(measurement.measured).toBe(false);
    expect(measurement.reason).toBe(entry?.diskReason);
    expect(dataRoot).toBeNull();
  });

  it('refuses an unknown engine and a malformed ID clearly', async () => {
    const unknown = await browser.get(engineScopedPath('docker-nothing-0123456789', '/api/images'));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).code).toBe('ENGINE_NOT_FOUND');
    const malformed = await browser.get('/api/engines/..%2F..%2Fetc/images');
    expect(malformed.status).toBe(400);
  });

  it('removes an image on the engine named only, with the preview it showed', async () => {
    const secondId = secondSource().id;
    const before = (await imagesOf(browser, null)).images.map((image) => image.id).sort();
    const target = (await imagesOf(browser, secondId)).images.find((image) =>
      image.repoTags.includes(`${fixtureSpecs.busybox.tags[0]}`),
    );
    expect(target).toBeDefined();
    const ids = [target?.id ?? ''];
    await removeOnEngine(browser, secondId, ids);
    expect((await imagesOf(browser, secondId)).images.map((image) => image.id)).not.toContain(
      ids[0],
    );
    // The default engine is exactly as it was.
    expect((await imagesOf(browser, null)).images.map((image) => image.id).sort()).toEqual(before);
    expect((await first.api<RawDf>('/v1.41/system/df')).Images.map((i) => i.Id).sort()).toEqual(
      before,
    );
  });

  it('never confirms one engine’s prune preview on another', async () => {
    const secondId = secondSource().id;
    const preview = await browser.send('POST', engineScopedPath(secondId, '/api/prune/preview'), {
      kinds: ['dangling-images'],
    });
    expect(preview.status, preview.body).toBe(200);
    const { previewId } = JSON.parse(preview.body) as { previewId: string };
    const elsewhere = await browser.send('POST', '/api/prune', { previewId });
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(elsewhere.status).toBeLessThan(500);
    expect(JSON.parse(elsewhere.body).code).toMatch(/PREVIEW/);
    const here = await browser.send('POST', engineScopedPath(secondId, '/api/prune'), {
      previewId,
    });
    expect(here.status, here.body).toBe(200);
  });

  it('turns the second engine off and on again, kept across restarts', async () => {
    const secondId = secondSource().id;
    const off = await browser.send('POST', engineEnabledPath(secondId), { enabled: false });
    expect(off.status, off.body).toBe(200);
    expect(JSON.parse(off.body)).toMatchObject({ id: secondId, enabled: false, status: 'off' });
    const refused = await browser.get(engineScopedPath(secondId, '/api/images'));
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body).code).toBe('ENGINE_OFF');
    expect(JSON.parse(await readFile(join(stateDir, 'engines.json'), 'utf8'))).toEqual({
      off: [secondId],
    });
    const defaultOff = await browser.send(
      'POST',
      engineEnabledPath((await engines()).defaultEngineId),
      {
        enabled: false,
      },
    );
    expect(defaultOff.status).toBe(409);
    const on = await browser.send('POST', engineEnabledPath(secondId), { enabled: true });
    expect(on.status, on.body).toBe(200);
    expect(JSON.parse(on.body)).toMatchObject({ enabled: true, status: 'up' });
    expect((await imagesOf(browser, secondId)).images.length).toBeGreaterThan(0);
  });

  it('shows an engine that stopped as away with its last figures dated, and up once back', async () => {
    const secondId = secondSource().id;
    const seen = (await engines()).engines.find((engine) => engine.id === secondId);
    expect(seen?.status).toBe('up');
    await second.stopDaemon();
    try {
      let away = seen;
      for (let tries = 0; tries < 100 && away?.status !== 'away'; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        away = (await engines()).engines.find((engine) => engine.id === secondId);
      }
      expect(away?.status).toBe('away');
      expect(away?.message).toMatch(/not reachable/);
      expect(away?.totals).toEqual(seen?.totals);
      expect(away?.lastSeenAt).not.toBeNull();
      // The default engine keeps working meanwhile.
      expect((await imagesOf(browser, null)).images.length).toBeGreaterThan(0);
    } finally {
      await second.startDaemon();
    }
    let back = (await engines()).engines.find((engine) => engine.id === secondId);
    for (let tries = 0; tries < 100 && back?.status !== 'up'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      back = (await engines()).engines.find((engine) => engine.id === secondId);
    }
    expect(back?.status).toBe('up');
  });

  it('follows one engine reached two ways, its records kept once (state root)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fp-engines-root-'));
    const twice = await appOnPrivateEngine(first, {
      stateRoot: root,
      engines: [secondSource(), remoteSource()],
    });
    try {
      const list = (
        await twice.inject({ url: '/api/engines', headers: { host: injectHost } })
      ).json<EngineList>();
      const statuses = list.engines.map((engine) => [engine.name, engine.status]);
      expect(statuses).toEqual(
        expect.arrayContaining([
          ['second', 'up'],
          ['remote', 'up'],
        ]),
      );
    } finally {
      await twice.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('follows a docker context the CLI creates while the app runs', async () => {
    await run(
      dockerCliBinary,
      ['context', 'create', 'third', '--docker', `host=${second.dockerHost}`],
      { env: { ...process.env, DOCKER_CONFIG: dockerConfig } },
    );
    let found = (await engines()).engines.find((engine) => engine.name === 'third');
    // Found at once or after the watch fires; up once it answered (connecting until then).
    for (let tries = 0; tries < 100 && found?.status !== 'up'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = (await engines()).engines.find((engine) => engine.name === 'third');
    }
    expect(found).toMatchObject({ origin: 'docker-context', transport: 'unix', status: 'up' });
    await run(dockerCliBinary, ['context', 'rm', 'third'], {
      env: { ...process.env, DOCKER_CONFIG: dockerConfig },
    });
    for (let tries = 0; tries < 100 && found !== undefined; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = (await engines()).engines.find((engine) => engine.name === 'third');
    }
    expect(found).toBeUndefined();
  });
});
