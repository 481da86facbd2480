import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  type CrawlStatus,
  type RegistryView,
  registryPath,
  type TagDeletionPreview,
  type TagDeletionResult,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpecs } from '../helpers/fixtures.js';
import { type PrivateRegistry, pushFixture, startRegistry } from '../helpers/private-registry.js';
import { appOnPrivateEngine, privateEngine, testToken } from './context.js';
import { listen, session } from './raw-http.js';

/*
 * The registry browser against a real distribution registry (Debian's docker-registry 2.8) with
 * deletes enabled, holding images the private engine pushed (app:1 and app:2 share their base
 * layer; tool/x:1 shares app:1's top layer on another base). What is compared, always blob
 * bytes: the registry stores each blob once as blobs/sha256/<xx>/<hex>/data, and a blob's size
 * is that file's length (stat size, not its allocated blocks); the GC deletes those files.
 */

const engine = privateEngine();
const tag = (name: keyof typeof fixtureSpecs): string => fixtureSpecs[name].tags[0] ?? '';
const temps: string[] = [];
let registry: PrivateRegistry;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let browser: Awaited<ReturnType<typeof session>>;
const logLines: Record<string, unknown>[] = [];
const localTag = () => `${registry.host}/local/app:1`;

const blobsDir = () => join(registry.storageDir, 'docker/registry/v2/blobs/sha256');
const blobFile = (digest: string) => {
  const hex = digest.slice('sha256:'.length);
  return join(blobsDir(), hex.slice(0, 2), hex, 'data');
};

/** Every blob data file in the registry's storage: digest -> its size in bytes. */
async function storedBlobs(): Promise<Map<string, number>> {
  const blobs = new Map<string, number>();
  for (const prefix of await readdir(blobsDir()).catch(() => [])) {
    for (const hex of await readdir(join(blobsDir(), prefix))) {
      const info = await stat(join(blobsDir(), prefix, hex, 'data')).catch(() => null);
      if (info !== null) blobs.set(`sha256:${hex}`, info.size);
    }
  }
  return blobs;
}
const total = (blobs: Map<string, number>) => [...blobs.values()].reduce((a, b) => a + b, 0);

async function crawl(pageSize?: number): Promise<RegistryView> {
  const path = registryPath(registry.host, 'registryCrawl');
  const started = await browser.send('POST', path, pageSize === undefined ? {} : { pageSize });
  expect(started.status, started.body).toBe(200);
  await app.registryCrawler.settled(registry.host);
  const status = JSON.parse(started.body) as CrawlStatus;
  expect(status.state).toBe('running');
  const view = await browser.get(registryPath(registry.host));
  expect(view.status, view.body).toBe(200);
  return JSON.parse(view.body) as RegistryView;
}

const repository = (view: RegistryView, name: string) =>
  view.repositories.find((r) => r.name === name);

beforeAll(async () => {
  registry = await startRegistry({ deleteEnabled: true });
  const stateDir = await mkdtemp(join(tmpdir(), 'fp-registry-state-'));
  const configDir = await mkdtemp(join(tmpdir(), 'fp-registry-config-'));
  temps.push(stateDir, configDir);
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  app = await appOnPrivateEngine(engine, {
    stateDir,
    dockerConfigDir: configDir,
    logger: { level: 'info', stream },
  });
  browser = await session(await listen(app), testToken);
  await pushFixture(engine, registry, tag('appOne'), 'team/app:1');
  await pushFixture(engine, registry, tag('appTwo'), 'team/app:2');
  await pushFixture(engine, registry, tag('appTwo'), 'team/app:same');
  await pushFixture(engine, registry, tag('baseAlpha'), 'other/base:1');
  await pushFixture(engine, registry, tag('appOnBeta'), 'tool/x:1');
  await pushFixture(engine, registry, tag('baseBeta'), 'team/mover:1');
  const gone = await pushFixture(engine, registry, tag('busybox'), 'empty/one:1');
  await app.registries.client.deleteManifest(
    { registry: registry.host, repository: 'empty/one' },
    gone.digest,
  );
  // Kept tagged locally: its local copy is listed beside the remote one.
  await engine.docker(['tag', tag('appOne'), localTag()]);
  await engine.docker(['push', localTag()]);
  const added = await browser.send('POST', '/api/registries', {
    registry: `http://${registry.host}/`,
  });
  expect(added.status, added.body).toBe(200);
});

afterAll(async () => {
  await engine.docker(['rmi', localTag()]).catch(() => '');
  await app?.close();
  await registry?.stop();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the registry list', () => {
  it('keeps an added registry by host in registries.json, with no credential', async () => {
    const list = JSON.parse((await browser.get('/api/registries')).body) as {
      registries: { host: string; source: string }[];
    };
    expect(list.registries).toContainEqual(
      expect.objectContaining({ host: registry.host, source: 'user' }),
    );
    expect(await app.registryList.list()).toContainEqual({ host: registry.host, source: 'user' });
  });

  it('refuses a registry address that is not one', async () => {
    const bad = await browser.send('POST', '/api/registries', { registry: 'not a host/x' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'INVALID_REGISTRY' });
  });

  it('says Docker Hub has no catalog to crawl', () => {
    expect(app.registryCrawler.status('docker.io')).toMatchObject({ state: 'unsupported' });
  });
});

describe('a crawl', () => {
  let view: RegistryView;
  beforeAll(async () => {
    // Two names a page: the catalog of 6 repositories comes in 3 pages, Link to Link.
    view = await crawl(2);
  });

  it('follows the catalog’s Link pages to every repository', () => {
    expect(view.repositories.map((r) => r.name).sort()).toEqual([
      'empty/one',
      'local/app',
      'other/base',
      'team/app',
      'team/mover',
      'tool/x',
    ]);
    expect(view.crawl).toMatchObject({ state: 'done', repositoriesTotal: 6, repositoriesDone: 6 });
  });

  it('sizes each tag as the registry’s config and layer blob files add up', async () => {
    const tags = view.repositories.flatMap((r) => r.tags);
    expect(tags.length).toBe(7);
    for (const entry of tags) {
      const manifest = JSON.parse(await readFile(blobFile(entry.digest), 'utf8')) as {
        config: { digest: string };
        layers: { digest: string }[];
      };
      let bytes = 0;
      for (const blob of [manifest.config, ...manifest.layers]) {
        bytes += (await stat(blobFile(blob.digest))).size;
      }
      expect(entry.compressedBytes, entry.tag).toBe(bytes);
    }
  });

  it('lists an empty repository, and tags sharing a digest', () => {
    expect(repository(view, 'empty/one')).toMatchObject({ empty: true, tags: [], error: null });
    const app2 = repository(view, 'team/app')?.tags.find((t) => t.tag === '2');
    expect(app2?.sameDigestTags).toEqual(['same']);
  });

  it('shows the local copy of a pushed tag with the images page’s figures', async () => {
    const local = repository(view, 'local/app')?.tags[0]?.local;
    const images = await app.engines.default.inventory.listImages();
    const image = images.find((i) => i.repoTags.includes(localTag()));
    expect(local).toEqual({
      imageId: image?.id,
      match: 'digest',
      size: image?.size,
      uniqueSize: image?.uniqueSize,
    });
    expect(repository(view, 'team/app')?.tags[0]?.local).toBeNull();
  });

  it('lists a manifest a re-push left untagged, and holds what the GC keeps', async () => {
    const old = repository(view, 'team/mover')?.tags[0]?.digest;
    await pushFixture(engine, registry, tag('busybox'), 'team/mover:1');
    const again = await crawl();
    const mover = repository(again, 'team/mover');
    expect(mover?.untagged.map((u) => u.digest)).toEqual([old]);
    expect(mover?.tags[0]?.digest).not.toBe(old);
    // After the GC, the storage holds exactly the blobs the crawl says it marks.
    await registry.garbageCollect({ dryRun: false, deleteUntagged: true });
    const after = await crawl();
    expect(repository(after, 'team/mover')?.untagged).toEqual([]);
    expect(total(await storedBlobs())).toBe(after.markedBytes);
  });
});

describe('deleting a tag', () => {
  it('frees, after garbage-collect --delete-untagged, the blob bytes the preview said', async () => {
    await crawl();
    // A clean start: the GC frees nothing that is not the deletion's.
    await registry.garbageCollect({ dryRun: false, deleteUntagged: true });
    const before = await storedBlobs();
    const body = { repository: 'team/app', tag: '2' };
    const previewed = await browser.send(
      'POST',
      registryPath(registry.host, 'registryDeletePreview'),
      body,
    );
    expect(previewed.status, previewed.body).toBe(200);
    const preview = JSON.parse(previewed.body) as TagDeletionPreview;
    expect(preview.tagsRemoved).toEqual(['2', 'same']);
    expect(preview.freedBytes).toBeGreaterThan(0);

    const deleted = await browser.send('POST', registryPath(registry.host, 'registryDelete'), {
      ...body,
      digest: preview.digest,
    });
    expect(deleted.status, deleted.body).toBe(200);
    const result = JSON.parse(deleted.body) as TagDeletionResult;
    expect(result).toMatchObject({ digest: preview.digest, tagsRemoved: ['2', 'same'] });
    expect(result.gc.dryRun).toContain('garbage-collect --dry-run --delete-untagged');
    expect(result.gc.warning).toContain('read-only');

    await registry.garbageCollect({ dryRun: false, deleteUntagged: true });
    const after = await storedBlobs();
    const removed = [...before].filter(([digest]) => !after.has(digest));
    expect(removed.length).toBe(preview.freedBlobs);
    // The manifest's own blob goes too; the base layer app:1 and other/base:1 mark stays.
    expect(removed.map(([digest]) => digest)).toContain(preview.digest);
    expect(removed.reduce((sum, [, bytes]) => sum + bytes, 0)).toBe(preview.freedBytes);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        action: 'registry-delete-tag',
        by: 'session',
        digest: preview.digest,
        freedBytesAfterGc: preview.freedBytes,
      }),
    );
  });

  it('deletes nothing when the tag moved after the preview (409 TAG_MOVED)', async () => {
    await crawl();
    const body = { repository: 'team/app', tag: '1' };
    const previewed = await browser.send(
      'POST',
      registryPath(registry.host, 'registryDeletePreview'),
      body,
    );
    const preview = JSON.parse(previewed.body) as TagDeletionPreview;
    await pushFixture(engine, registry, tag('busybox'), 'team/app:1');
    const refused = await browser.send('POST', registryPath(registry.host, 'registryDelete'), {
      ...body,
      digest: preview.digest,
    });
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'TAG_MOVED' });
    const head = await app.registries.client.manifest(
      { registry: registry.host, repository: 'team/app' },
      '1',
      { method: 'HEAD' },
    );
    expect(head.digest).not.toBe(preview.digest);
  });
});

describe('a registry with deletes disabled', () => {
  let closed: PrivateRegistry;
  beforeAll(async () => {
    closed = await startRegistry({ deleteEnabled: false });
    await pushFixture(engine, closed, tag('baseAlpha'), 'keep/base:1');
    await browser.send('POST', '/api/registries', { registry: closed.host });
    await browser.send('POST', registryPath(closed.host, 'registryCrawl'), {});
    await app.registryCrawler.settled(closed.host);
  });
  afterAll(() => closed.stop());

  it('answers the deletion with a message that names storage.delete.enabled', async () => {
    const body = { repository: 'keep/base', tag: '1' };
    const preview = JSON.parse(
      (await browser.send('POST', registryPath(closed.host, 'registryDeletePreview'), body)).body,
    ) as TagDeletionPreview;
    const refused = await browser.send('POST', registryPath(closed.host, 'registryDelete'), {
      ...body,
      digest: preview.digest,
    });
    expect(refused.status).toBe(409);
    const error = JSON.parse(refused.body) as { code: string; message: string };
    expect(error.code).toBe('REGISTRY_DELETE_DISABLED');
    expect(error.message).toContain('storage.delete.enabled');
  });
});

describe('read-only mode and the session', () => {
  it('refuses registry changes without the session, and every deletion step when read-only', async () => {
    const noSession = await browser.send(
      'POST',
      '/api/registries',
      { registry: 'example.com' },
      { Cookie: '' },
    );
    expect(noSession.status).toBe(403);
    const readOnly = await appOnPrivateEngine(engine, { readOnly: true });
    try {
      const reader = await session(await listen(readOnly), testToken);
      for (const path of [
        '/api/registries',
        registryPath(registry.host, 'registryDeletePreview'),
        registryPath(registry.host, 'registryDelete'),
      ]) {
        const refused = await reader.send('POST', path, {
          registry: 'x',
          repository: 'a',
          tag: 'b',
          digest: 'c',
        });
        expect(refused.status, path).toBe(403);
      }
    } finally {
      await readOnly.close();
    }
  });
});
