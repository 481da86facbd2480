import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RegistryView, registryPath } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpecs } from '../helpers/fixtures.js';
import { type PrivateRegistry, pushFixture, startRegistry } from '../helpers/private-registry.js';
import { appOnPrivateEngine, privateEngine, testToken } from './context.js';
import { listen, session } from './raw-http.js';

/*
 * A multi-platform index in a real registry (Debian's docker-registry 2.8): two platform
 * manifests put by digest (no tag, as buildx pushes them) under one tagged list. Sizes come per
 * platform; and what distribution 2.8's `garbage-collect --delete-untagged` does to the
 * platform manifests' layers (distribution/distribution#3178), which the page warns about,
 * measured here in blob bytes (the `data` files' sizes).
 */

const engine = privateEngine();
const image = (name: keyof typeof fixtureSpecs): string => fixtureSpecs[name].tags[0] ?? '';
const dockerManifest = 'application/vnd.docker.distribution.manifest.v2+json';
const dockerList = 'application/vnd.docker.distribution.manifest.list.v2+json';
let registry: PrivateRegistry;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let browser: Awaited<ReturnType<typeof session>>;
const temps: string[] = [];

interface Manifest {
  config: { digest: string; size: number };
  layers: { digest: string; size: number }[];
}
const children: { digest: string; bytes: number; manifest: Manifest; platform: object }[] = [];

const blobsDir = () => join(registry.storageDir, 'docker/registry/v2/blobs/sha256');
async function storedBlobs(): Promise<Map<string, number>> {
  const blobs = new Map<string, number>();
  for (const prefix of await readdir(blobsDir())) {
    for (const hex of await readdir(join(blobsDir(), prefix))) {
      const info = await stat(join(blobsDir(), prefix, hex, 'data')).catch(() => null);
      if (info !== null) blobs.set(`sha256:${hex}`, info.size);
    }
  }
  return blobs;
}
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

async function registryFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`http://${registry.host}${path}`, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status}`);
  return response;
}

/** Copies a pushed manifest into `multi` by digest: its blobs mounted, the manifest untagged. */
async function copyByDigest(from: string, digest: string, platform: object) {
  const raw = Buffer.from(
    await (
      await registryFetch(`/v2/${from}/manifests/${digest}`, {
        headers: { accept: dockerManifest },
      })
    ).arrayBuffer(),
  );
  const manifest = JSON.parse(raw.toString('utf8')) as Manifest;
  for (const blob of [manifest.config, ...manifest.layers]) {
    await registryFetch(`/v2/multi/blobs/uploads/?mount=${blob.digest}&from=${from}`, {
      method: 'POST',
    });
  }
  await registryFetch(`/v2/multi/manifests/${digest}`, {
    method: 'PUT',
    headers: { 'content-type': dockerManifest },
    body: raw,
  });
  children.push({ digest, bytes: raw.length, manifest, platform });
}

beforeAll(async () => {
  registry = await startRegistry({ deleteEnabled: true });
  const amd = await pushFixture(engine, registry, image('appOne'), 'src/a:1');
  const arm = await pushFixture(engine, registry, image('appTwo'), 'src/b:1');
  await copyByDigest('src/a', amd.digest, { os: 'linux', architecture: 'amd64' });
  await copyByDigest('src/b', arm.digest, { os: 'linux', architecture: 'arm64', variant: 'v8' });
  const list = JSON.stringify({
    schemaVersion: 2,
    mediaType: dockerList,
    manifests: children.map((c) => ({
      mediaType: dockerManifest,
      digest: c.digest,
      size: c.bytes,
      platform: c.platform,
    })),
  });
  await registryFetch('/v2/multi/manifests/1', {
    method: 'PUT',
    headers: { 'content-type': dockerList },
    body: list,
  });
  // Only the list holds the platform manifests now (their src/ tags and revisions are gone).
  await registryFetch(`/v2/src/a/manifests/${amd.digest}`, { method: 'DELETE' });
  await registryFetch(`/v2/src/b/manifests/${arm.digest}`, { method: 'DELETE' });

  const stateDir = await mkdtemp(join(tmpdir(), 'fp-registry-index-'));
  temps.push(stateDir);
  app = await appOnPrivateEngine(engine, { stateDir, dockerConfigDir: stateDir });
  browser = await session(await listen(app), testToken);
  await browser.send('POST', '/api/registries', { registry: registry.host });
  await browser.send('POST', registryPath(registry.host, 'registryCrawl'), {});
  await app.registryCrawler.settled(registry.host);
});

afterAll(async () => {
  await app?.close();
  await registry?.stop();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a multi-platform index', () => {
  it('is sized per platform from the registry’s blobs, never by its own JSON', async () => {
    const view = JSON.parse((await browser.get(registryPath(registry.host))).body) as RegistryView;
    const tag = view.repositories.find((r) => r.name === 'multi')?.tags[0];
    const blobs = await storedBlobs();
    expect(tag).toMatchObject({ tag: '1', kind: 'index', compressedBytes: null });
    expect(tag?.platforms).toEqual(
      children.map((c, i) => ({
        digest: c.digest,
        platform: i === 0 ? 'linux/amd64' : 'linux/arm64/v8',
        attestation: false,
        compressedBytes: sum(
          [c.manifest.config, ...c.manifest.layers].map((b) => blobs.get(b.digest) ?? -1),
        ),
      })),
    );
    // Every blob in the storage is the list's: its JSON, the two manifests, configs, layers.
    expect(tag?.onlyHeldBytes).toBe(sum(blobs.values()));
    expect(view.markedBytes).toBe(sum(blobs.values()));
    expect(view.repositories.find((r) => r.name === 'multi')?.untagged).toEqual([]);
    expect(view.gc.notes.join(' ')).toContain('distribution/distribution#3178');
  });

  it('loses its platforms’ configs and layers to 2.8’s --delete-untagged, as the page warns', async () => {
    const before = await storedBlobs();
    await registry.garbageCollect({ dryRun: false, deleteUntagged: true });
    const after = await storedBlobs();
    const swept = [...before].filter(([digest]) => !after.has(digest));
    // distribution 2.8 marks only the list's direct references (the platform manifests'
    // blobs); 3.0 follows them, and keeps these. The dashboard counts as 3.0 does.
    const platformBlobs = new Set(
      children.flatMap((c) => [c.manifest.config, ...c.manifest.layers].map((b) => b.digest)),
    );
    expect(new Set(swept.map(([digest]) => digest))).toEqual(platformBlobs);
    for (const child of children) expect(after.has(child.digest)).toBe(true);
  });
});
