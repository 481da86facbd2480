import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageUpdate, UpdateList } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImages } from '../helpers/fixtures.js';
import { type CountingProxy, startCountingProxy } from '../helpers/counting-proxy.js';
import { seededBytes } from '../helpers/image-archive.js';
import { type PrivateRegistry, startRegistry } from '../helpers/private-registry.js';
import { appOnPrivateEngine, privateEngine, testToken } from './context.js';
import { listen, session } from './raw-http.js';

/*
 * Update checks against a real registry (Debian's docker-registry on the loopback) behind a
 * proxy that counts the manifest requests it passes on, with images pushed and pulled by the
 * run's private engine. The index with an attestation manifest is built by hand and PUT
 * through the registry API, as BuildKit pushes one.
 */

const engine = privateEngine();
const ociIndex = 'application/vnd.oci.image.index.v1+json';
const ociManifest = 'application/vnd.oci.image.manifest.v1+json';
const dockerManifest = 'application/vnd.docker.distribution.manifest.v2+json';

let registry: PrivateRegistry;
let proxy: CountingProxy;
let stateDir: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let browser: Awaited<ReturnType<typeof session>>;
const ids: Record<'v1' | 'v2' | 'v3' | 'v4', string> = { v1: '', v2: '', v3: '', v4: '' };
const local = (name: string) => `update-check-test/${name}:1`;
const architecture = process.arch === 'arm64' ? 'arm64' : 'amd64';

async function startApp() {
  app = await appOnPrivateEngine(engine, { stateDir, allowedHosts: [] });
  browser = await session(await listen(app), testToken);
}

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startCountingProxy(registry.host);
  const built = await loadImages(
    engine,
    (['v1', 'v2', 'v3', 'v4'] as const).map((name) => ({
      tags: [local(name)],
      layers: [
        {
          entries: [
            { type: 'file' as const, path: `${name}.bin`, content: seededBytes(name, 20_000) },
          ],
        },
      ],
    })),
  );
  built.forEach((image, index) => {
    ids[(['v1', 'v2', 'v3', 'v4'] as const)[index] as 'v1'] = image.id;
  });
  stateDir = await mkdtemp(join(tmpdir(), 'fp-update-state-'));
  await startApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await engine.docker(['rmi', '-f', ...Object.values(ids).filter(Boolean)]).catch(() => '');
  await proxy?.close();
  await registry?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

/** Tags a local image in the registry (through the proxy) and pushes it; its manifest digest. */
async function push(localName: string, remote: string): Promise<string> {
  await engine.docker(['tag', localName, remote]);
  const out = await engine.docker(['push', remote]);
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(out)?.[1];
  if (digest === undefined) throw new Error(`docker push printed no digest:\n${out}`);
  return digest;
}

/** Starts a check of these images and waits until the server's run has ended. */
async function check(imageIds: string[]): Promise<Map<string, ImageUpdate>> {
  const started = await browser.send('POST', '/api/updates/check', { ids: imageIds });
  expect(started.status, started.body).toBe(202);
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const list = (await browser.get('/api/updates')).json<UpdateList>();
    if (!list.progress.running) {
      expect(list.progress.done).toBeGreaterThanOrEqual(imageIds.length);
      return new Map(list.results.map((result) => [result.id, result]));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the update check did not end');
}

const registryUrl = (path: string) => `http://${proxy.host}/v2/${path}`;

async function uploadBlob(repository: string, data: Buffer): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  const start = await fetch(registryUrl(`${repository}/blobs/uploads/`), { method: 'POST' });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location') ?? '', `http://${proxy.host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: data,
  });
  expect(put.status, await put.text()).toBe(201);
  return digest;
}

async function putManifest(repository: string, reference: string, type: string, doc: object) {
  const body = Buffer.from(JSON.stringify(doc));
  const response = await fetch(registryUrl(`${repository}/manifests/${reference}`), {
    method: 'PUT',
    headers: { 'content-type': type },
    body,
  });
  expect(response.status, await response.text()).toBe(201);
  return {
    digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
    size: body.length,
  };
}

/** An attestation manifest as BuildKit makes one: an in-toto layer on an empty config. */
async function attestation(repository: string, seed: string) {
  const config = Buffer.from('{}');
  const statement = Buffer.from(
    JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', seed }),
  );
  const configDigest = await uploadBlob(repository, config);
  const layerDigest = await uploadBlob(repository, statement);
  const doc = {
    schemaVersion: 2,
    mediaType: ociManifest,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: configDigest,
      size: config.length,
    },
    layers: [
      { mediaType: 'application/vnd.in-toto+json', digest: layerDigest, size: statement.length },
    ],
  };
  const digest = `sha256:${createHash('sha256').update(JSON.stringify(doc)).digest('hex')}`;
  return putManifest(repository, digest, ociManifest, doc);
}

/** An OCI index: the image's manifest for this platform, and an attestation beside it. */
async function indexWithAttestation(
  repository: string,
  image: { digest: string; size: number },
  seed: string,
) {
  const att = await attestation(repository, seed);
  return putManifest(repository, '1', ociIndex, {
    schemaVersion: 2,
    mediaType: ociIndex,
    manifests: [
      {
        mediaType: dockerManifest,
        digest: image.digest,
        size: image.size,
        platform: { architecture, os: 'linux' },
      },
      {
        mediaType: ociManifest,
        digest: att.digest,
        size: att.size,
        platform: { architecture: 'unknown', os: 'unknown' },
        annotations: {
          'vnd.docker.reference.digest': image.digest,
          'vnd.docker.reference.type': 'attestation-manifest',
        },
      },
    ],
  });
}

async function manifestSize(repository: string, digest: string): Promise<number> {
  const response = await fetch(registryUrl(`${repository}/manifests/${digest}`), {
    method: 'HEAD',
    headers: { accept: dockerManifest },
  });
  return Number(response.headers.get('content-length'));
}

describe('update checks against a real registry', () => {
  it('finds a re-pushed tag with HEAD requests only', async () => {
    const remote = `${proxy.host}/upd/app:1`;
    const first = await push(local('v1'), remote);
    proxy.reset();
    const before = (await check([ids.v1])).get(ids.v1);
    expect(before?.state).toBe('up-to-date');
    expect(before?.tags).toMatchObject([
      {
        reference: remote,
        state: 'up-to-date',
        remoteDigest: first,
        decidedBy: 'repo-digest',
        requests: { head: 1, get: 0 },
      },
    ]);
    // What the registry saw: one HEAD of the manifest, no GET (no pull quota spent).
    expect(proxy.manifestRequests()).toEqual({ head: 1, get: 0 });

    // The tag moves to another image in the registry; here it still names v1.
    const second = await push(local('v2'), remote);
    await engine.docker(['tag', ids.v1, remote]);
    proxy.reset();
    const after = (await check([ids.v1])).get(ids.v1);
    expect(after?.state).toBe('update-available');
    expect(after?.tags[0]).toMatchObject({
      remoteDigest: second,
      decidedBy: 'manifest-digest',
      requests: { head: 1, get: 0 },
    });
    expect(proxy.manifestRequests()).toEqual({ head: 1, get: 0 });
  });

  it('keeps ratelimit-remaining, and a 429 is "rate-limited", not up to date', async () => {
    const manifests = (path: string) => /\/manifests\//.test(path);
    // As Docker Hub sends them: the pull count and its window.
    proxy.front = (_method, path) =>
      manifests(path)
        ? { headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' } }
        : null;
    const counted = (await check([ids.v1])).get(ids.v1);
    expect(counted?.state).toBe('update-available');
    expect(counted?.tags[0]?.rateLimit).toEqual({ limit: 100, remaining: 76 });
    const list = (await browser.get('/api/updates')).json<UpdateList>();
    expect(list.rateLimits).toContainEqual(
      expect.objectContaining({ registry: proxy.host, limit: 100, remaining: 76 }),
    );

    proxy.front = (_method, path) =>
      manifests(path)
        ? {
            status: 429,
            headers: {
              'retry-after': '120',
              'ratelimit-limit': '100;w=21600',
              'ratelimit-remaining': '0;w=21600',
            },
          }
        : null;
    try {
      const limited = (await check([ids.v1])).get(ids.v1);
      expect(limited?.state).toBe('rate-limited');
      expect(limited?.message).toContain('120 s');
      expect(limited?.tags[0]).toMatchObject({
        state: 'rate-limited',
        remoteDigest: null,
        rateLimit: { limit: 100, remaining: 0 },
      });
    } finally {
      proxy.front = null;
    }
    // Checked again once the registry answers: the update is found again.
    expect((await check([ids.v1])).get(ids.v1)?.state).toBe('update-available');
  });

  it('an index whose only change is an attestation manifest is no update', async () => {
    const repository = 'upd/att';
    const remote = `${proxy.host}/${repository}:1`;
    const digest = await push(local('v3'), remote);
    const image = { digest, size: await manifestSize(repository, digest) };
    // The tag becomes an index: the same manifest for this platform, plus an attestation.
    const index = await indexWithAttestation(repository, image, 'build-1');
    proxy.reset();
    const first = (await check([ids.v3])).get(ids.v3);
    expect(first?.state).toBe('up-to-date');
    // HEAD gave the index's digest (in no RepoDigest); one GET of the index found the
    // platform manifest among the RepoDigests.
    expect(first?.tags[0]).toMatchObject({
      remoteDigest: index.digest,
      platformDigest: digest,
      decidedBy: 'platform-manifest',
      requests: { head: 1, get: 1 },
    });
    expect(proxy.manifestRequests()).toEqual({ head: 1, get: 1 });

    // As from Docker Hub: pulled by the index (its digest becomes the RepoDigest), then the
    // publisher pushes a new index with new attestations only.
    await engine.docker(['pull', remote]);
    const pulled = JSON.parse(await engine.docker(['image', 'inspect', ids.v3])) as [
      { RepoDigests: string[] },
    ];
    // Two RepoDigests now (the manifest pushed, the index pulled): the tag's digest matches
    // one of them, whichever comes first (Portainer#7148 compared only the first).
    expect([...pulled[0].RepoDigests].sort()).toEqual(
      [
        `${proxy.host}/${repository}@${digest}`,
        `${proxy.host}/${repository}@${index.digest}`,
      ].sort(),
    );
    proxy.reset();
    const both = (await check([ids.v3])).get(ids.v3);
    expect(both?.tags[0]).toMatchObject({
      state: 'up-to-date',
      decidedBy: 'repo-digest',
      requests: { head: 1, get: 0 },
    });
    await engine.docker(['rmi', `${proxy.host}/${repository}@${digest}`]);
    const inspect = JSON.parse(await engine.docker(['image', 'inspect', ids.v3])) as [
      { RepoDigests: string[] },
    ];
    expect(inspect[0].RepoDigests).toEqual([`${proxy.host}/${repository}@${index.digest}`]);
    const newer = await indexWithAttestation(repository, image, 'build-2');
    proxy.reset();
    const second = (await check([ids.v3])).get(ids.v3);
    expect(second?.state).toBe('up-to-date');
    expect(second?.tags[0]).toMatchObject({
      remoteDigest: newer.digest,
      platformDigest: digest,
      decidedBy: 'platform-config',
      requests: { head: 1, get: 2 },
    });
    expect(proxy.manifestRequests()).toEqual({ head: 1, get: 2 });
  });

  it('an offline registry is "registry offline", never up to date', async () => {
    const other = await startRegistry();
    const remote = `${other.host}/upd/off:1`;
    await push(local('v4'), remote);
    await other.stop();
    const result = (await check([ids.v4])).get(ids.v4);
    expect(result?.state).toBe('registry-offline');
    expect(result?.message).toContain(other.host);
    expect(result?.tags[0]).toMatchObject({ state: 'registry-offline', remoteDigest: null });
  });

  it('a registry that needs credentials: "unauthorized" without them, checked with them', async () => {
    const account = { user: 'bob', password: 'Upd4te-check-pw!' };
    const secure = await startRegistry({ htpasswd: account, tls: true });
    const loggedIn = await mkdtemp(join(tmpdir(), 'fp-update-login-'));
    const none = await mkdtemp(join(tmpdir(), 'fp-update-nologin-'));
    const remote = `${secure.host}/upd/auth:1`;
    try {
      await engine.docker(
        ['--config', loggedIn, 'login', '-u', account.user, '--password-stdin', secure.host],
        { input: Buffer.from(account.password) },
      );
      await engine.docker(['tag', ids.v2, remote]);
      const out = await engine.docker(['--config', loggedIn, 'push', remote]);
      const pushed = { digest: /digest: (sha256:[0-9a-f]{64})/.exec(out)?.[1] };
      for (const [configDir, state] of [
        [none, 'unauthorized'],
        [loggedIn, 'up-to-date'],
      ] as const) {
        const other = await appOnPrivateEngine(engine, {
          dockerConfigDir: configDir,
          registryCertsDir: secure.certsDir,
        });
        try {
          await other.engines.default.updateChecker.check([ids.v2]);
          let list = await other.engines.default.updateChecker.list();
          while (list.progress.running) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            list = await other.engines.default.updateChecker.list();
          }
          const result = list.results.find((item) => item.id === ids.v2);
          expect(result?.state, result?.message ?? '').toBe(state);
          if (state === 'up-to-date') {
            expect(result?.tags[0]?.remoteDigest).toBe(pushed.digest);
          } else {
            expect(result?.message).toContain('docker login');
            expect(JSON.stringify(list)).not.toContain(account.password);
          }
        } finally {
          await other.close();
        }
      }
    } finally {
      await engine.docker(['rmi', remote]).catch(() => '');
      await secure.stop();
      await rm(loggedIn, { recursive: true, force: true });
      await rm(none, { recursive: true, force: true });
    }
  });

  it('names images with nothing to follow, and refuses an unknown ID', async () => {
    const built = (await check([ids.v2])).get(ids.v2);
    // v2's local tag was never pushed; its registry tag moved back to v1 here.
    expect(built?.state).toBe('no-registry-tag');
    const unknown = await browser.send('POST', '/api/updates/check', {
      ids: [`sha256:${'0'.repeat(64)}`],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'IMAGE_NOT_FOUND' });
  });

  it('a request while a run goes on adds its images to it; every image is checked once', async () => {
    const before = new Date().toISOString();
    const first = await browser.send('POST', '/api/updates/check', { ids: [ids.v1, ids.v4] });
    const second = await browser.send('POST', '/api/updates/check', { ids: [ids.v1, ids.v3] });
    expect([first.status, second.status]).toEqual([202, 202]);
    const results = await check([ids.v3]);
    for (const id of [ids.v1, ids.v3, ids.v4]) {
      expect(results.get(id)?.checkedAt, id).toBeDefined();
      expect((results.get(id)?.checkedAt ?? '') >= before, id).toBe(true);
    }
    expect(results.get(ids.v1)?.state).toBe('update-available');
    expect(results.get(ids.v3)?.state).toBe('up-to-date');
    const { progress } = (await browser.get('/api/updates')).json<UpdateList>();
    expect(progress.done).toBe(progress.total);
  });

  it('keeps results and the interval setting across a restart', async () => {
    const setting = await browser.send('POST', '/api/updates/settings', { intervalMinutes: 60 });
    expect(setting.status, setting.body).toBe(200);
    const before = (await browser.get('/api/updates')).json<UpdateList>();
    expect(before.nextCheckAt).not.toBeNull();
    await app.close();
    await startApp();
    const after = (await browser.get('/api/updates')).json<UpdateList>();
    const byId = (list: UpdateList) => new Map(list.results.map((result) => [result.id, result]));
    for (const id of [ids.v1, ids.v3, ids.v4]) {
      expect(byId(after).get(id), id).toEqual(byId(before).get(id));
    }
    expect(byId(after).get(ids.v1)?.state).toBe('update-available');
    expect(after.settings).toEqual({ intervalMinutes: 60 });
    expect(after.nextCheckAt).not.toBeNull();
    expect(after.progress.running).toBe(false);
    const off = await browser.send('POST', '/api/updates/settings', { intervalMinutes: 0 });
    expect(off.json()).toEqual({ intervalMinutes: 0 });
    expect((await browser.get('/api/updates')).json<UpdateList>().nextCheckAt).toBeNull();
  });
});
