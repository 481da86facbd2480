import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  engineScopedPath,
  type EngineList,
  type ImageList,
  type ImageRemovalList,
  type RemovalPreview,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/engine/engine-client.js';
import {
  type EngineEndpoint,
  type EngineSource,
  makeEngineSource,
} from '../../src/engines/engine-source.js';
import { fixtureSpecs, loadImages } from '../helpers/fixtures.js';
import { PrivateEngine } from '../helpers/private-engine.js';
import { PrivateSshd } from '../helpers/private-sshd.js';
import { TlsEngine } from '../helpers/tls-engine.js';
import {
  appOnPrivateEngine,
  expectImagesAsDf,
  privateEngine,
  type RawDf,
  testToken,
} from './context.js';
import { listen, session } from './raw-http.js';

/*
 * One app following three engines, each a different private daemon with different images, each
 * over another transport: the run's engine on its unix socket (the default), one over tcp with
 * TLS, one over ssh through a private sshd. Each engine's images are exactly its own
 * /system/df; removing an image on one (preview and confirm on its scoped routes) leaves the
 * other two as they were.
 */

const home = privateEngine();
let tls: TlsEngine;
let sshEngine: PrivateEngine;
let sshd: PrivateSshd;
let dir: string;
let knownHostsPath: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let browser: Awaited<ReturnType<typeof session>>;

function source(name: string, endpoint: EngineEndpoint): EngineSource {
  return makeEngineSource({ name, kind: 'docker', origin: 'env', endpoint, current: false });
}
const tlsSource = () => source('over-tls', tls.endpoint());
const sshSource = () => source('over-ssh', sshd.endpoint());

beforeAll(async () => {
  tls = await TlsEngine.start();
  sshEngine = await PrivateEngine.start();
  await Promise.all([
    loadImages(tls.engine, [fixtureSpecs.baseBeta, fixtureSpecs.appOnBeta]),
    loadImages(sshEngine, [fixtureSpecs.baseAlpha, fixtureSpecs.appTwo]),
  ]);
  sshd = await PrivateSshd.start({ dockerHost: sshEngine.dockerHost });
  dir = await mkdtemp(join(tmpdir(), 'fp-multi-transport-'));
  knownHostsPath = await sshd.writeKnownHosts(join(dir, 'known_hosts'), { hashed: true });
  app = await appOnPrivateEngine(home, {
    stateDir: join(dir, 'state'),
    engines: [tlsSource(), sshSource()],
    // ssh sees only this test's known_hosts and key: no agent, no ~/.ssh of the machine.
    clientFor: (engine) =>
      new EngineClient({
        endpoint: engine.endpoint,
        knownHostsPath,
        homeDir: dir,
        sshAuthSock: null,
      }),
  });
  browser = await session(await listen(app), testToken);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await sshd?.destroy();
  await Promise.all([tls?.destroy(), sshEngine?.destroy()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function engines(): Promise<EngineList> {
  const response = await browser.get('/api/engines');
  expect(response.status, response.body).toBe(200);
  return JSON.parse(response.body) as EngineList;
}

/** The engines' list once every one is up: extra engines open in the background. */
async function enginesUp(): Promise<EngineList> {
  let list = await engines();
  for (let tries = 0; tries < 300 && list.engines.some((e) => e.status !== 'up'); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    list = await engines();
  }
  return list;
}

async function imagesOf(engineId: string): Promise<ImageList> {
  const response = await browser.get(engineScopedPath(engineId, '/api/images'));
  expect(response.status, response.body).toBe(200);
  return JSON.parse(response.body) as ImageList;
}

/** Each engine and the daemon behind it, to read its own /system/df on its unix socket. */
function daemons(list: EngineList): [string, PrivateEngine][] {
  return [
    [list.defaultEngineId, home],
    [tlsSource().id, tls.engine],
    [sshSource().id, sshEngine],
  ];
}

describe('three engines over unix, tcp+TLS and ssh in one app', () => {
  it('lists all three, each up, over its transport', async () => {
    const list = await enginesUp();
    const summaries = daemons(list).map(([id]) => list.engines.find((engine) => engine.id === id));
    expect(summaries.map((summary) => [summary?.transport, summary?.status])).toEqual([
      ['unix', 'up'],
      ['tcp', 'up'],
      ['ssh', 'up'],
    ]);
  });

  it('answers each engine’s images exactly as that engine’s own /system/df', async () => {
    const list = await enginesUp();
    const seen = new Set<string>();
    for (const [id, daemon] of daemons(list)) {
      const images = (await imagesOf(id)).images;
      expectImagesAsDf(images, await daemon.api<RawDf>('/v1.41/system/df'));
      for (const image of images) seen.add(`${id} ${image.id}`);
    }
    // Different daemons, different images: no engine shows another's.
    expect(seen.size).toBeGreaterThan(4);
  });

  it('removes an image on the ssh engine only, with the preview it showed', async () => {
    const list = await enginesUp();
    const sshId = sshSource().id;
    const others = daemons(list).filter(([id]) => id !== sshId);
    const before = await Promise.all(
      others.map(async ([id]) => (await imagesOf(id)).images.map((image) => image.id).sort()),
    );
    const target = (await imagesOf(sshId)).images.find((image) =>
      image.repoTags.includes(fixtureSpecs.appTwo.tags[0] ?? ''),
    );
    expect(target).toBeDefined();
    const ids = [target?.id ?? ''];
    const preview = await browser.send(
      'POST',
      engineScopedPath(sshId, '/api/images/remove/preview'),
      { ids },
    );
    expect(preview.status, preview.body).toBe(200);
    expect((JSON.parse(preview.body) as RemovalPreview).images.map((image) => image.id)).toEqual(
      ids,
    );
    const removed = await browser.send('POST', engineScopedPath(sshId, '/api/images/remove'), {
      ids,
    });
    expect(removed.status, removed.body).toBe(200);
    const result = JSON.parse(removed.body) as ImageRemovalList;
    expect(result.results.map((row) => [row.id, row.outcome])).toEqual([[ids[0], 'removed']]);
    const df = await sshEngine.api<RawDf>('/v1.41/system/df');
    expect(df.Images.map((image) => image.Id)).not.toContain(ids[0]);
    expectImagesAsDf((await imagesOf(sshId)).images, df);
    // The other two engines are exactly as they were, in the app and in their daemons.
    for (const [index, [id, daemon]] of others.entries()) {
      expect((await imagesOf(id)).images.map((image) => image.id).sort()).toEqual(before[index]);
      const own = await daemon.api<RawDf>('/v1.41/system/df');
      expect(own.Images.map((image) => image.Id).sort()).toEqual(before[index]);
    }
  });
});
