import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineList } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/engine/engine-client.js';
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
import { enginesWhen, imagesOf, removeOnEngine, sourceFor } from './engine-scoped.js';
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

const tlsSource = () => sourceFor('over-tls', tls.endpoint());
const sshSource = () => sourceFor('over-ssh', sshd.endpoint());

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

/** The engines' list once every one is up. */
const enginesUp = () =>
  enginesWhen(browser, (list) => list.engines.every((engine) => engine.status === 'up'));

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
      const images = (await imagesOf(browser, id)).images;
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
      others.map(async ([id]) =>
        (await imagesOf(browser, id)).images.map((image) => image.id).sort(),
      ),
    );
    const target = (await imagesOf(browser, sshId)).images.find((image) =>
      image.repoTags.includes(fixtureSpecs.appTwo.tags[0] ?? ''),
    );
    expect(target).toBeDefined();
    const ids = [target?.id ?? ''];
    await removeOnEngine(browser, sshId, ids);
    const df = await sshEngine.api<RawDf>('/v1.41/system/df');
    expect(df.Images.map((image) => image.Id)).not.toContain(ids[0]);
    expectImagesAsDf((await imagesOf(browser, sshId)).images, df);
    // The other two engines are exactly as they were, in the app and in their daemons.
    for (const [index, [id, daemon]] of others.entries()) {
      expect((await imagesOf(browser, id)).images.map((image) => image.id).sort()).toEqual(
        before[index],
      );
      const own = await daemon.api<RawDf>('/v1.41/system/df');
      expect(own.Images.map((image) => image.Id).sort()).toEqual(before[index]);
    }
  });
});
