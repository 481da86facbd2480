import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type PullPreview, pullPath, type PullState } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpecs, loadImages } from '../helpers/fixtures.js';
import { type LayerSpec, seededBytes } from '../helpers/image-archive.js';
import { PrivateEngine } from '../helpers/private-engine.js';
import { type PrivateRegistry, pushFixture, startRegistry } from '../helpers/private-registry.js';
import { type SlowProxy, startSlowProxy } from '../helpers/slow-proxy.js';
import { appOnPrivateEngine, privateEngine, testToken } from './context.js';
import { listen, session } from './raw-http.js';

/*
 * Pulls from a real registry (Debian's docker-registry on the loopback) into a fresh private
 * engine of this file's own. The run's shared engine pushes the fixtures, so the pulling engine
 * has no digest record of any blob until it pulls it; it holds base-beta from `docker load`.
 */

const bigTag = 'footprint-fixture/pull-big:1';
const bigSpec = {
  tags: [bigTag],
  layers: [
    fixtureSpecs.baseAlpha.layers[0] as LayerSpec,
    {
      entries: [
        { type: 'file' as const, path: 'big.bin', content: seededBytes('big', 12_000_000) },
      ],
    },
  ],
};

let registry: PrivateRegistry;
let proxy: SlowProxy;
let puller: PrivateEngine;
let stateDir: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let port: number;
let browser: Awaited<ReturnType<typeof session>>;

beforeAll(async () => {
  registry = await startRegistry();
  // 2 MB/s: the 12 MB layer takes seconds, long enough to watch and cancel.
  proxy = await startSlowProxy(registry.host, 2_000_000);
  const pusher = privateEngine();
  await pushFixture(pusher, registry, 'footprint-fixture/base-alpha:1', 'pull/base-alpha:1');
  await pushFixture(pusher, registry, 'footprint-fixture/app:1', 'pull/app:1');
  await pushFixture(pusher, registry, 'footprint-fixture/app-on-beta:1', 'pull/app-on-beta:1');
  await loadImages(pusher, [bigSpec]);
  await pushFixture(pusher, registry, bigTag, 'pull/big:1');
  await pusher.docker(['rmi', bigTag]);

  puller = await PrivateEngine.start();
  await loadImages(puller, [fixtureSpecs.baseBeta]);
  stateDir = await mkdtemp(join(tmpdir(), 'fp-state-'));
  app = await appOnPrivateEngine(puller, { stateDir, allowedHosts: [] });
  port = await listen(app);
  browser = await session(port, testToken);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await puller?.destroy();
  await proxy?.close();
  await registry?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

function blobPath(digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(registry.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
}
const blobBytes = (digest: string) => statSync(blobPath(digest)).size;

async function preview(reference: string): Promise<PullPreview> {
  const response = await browser.send('POST', '/api/pull/preview', { reference });
  expect(response.status, response.body).toBe(200);
  return response.json<PullPreview>();
}

/** Every state the pull's event stream sends, until it ends. */
function follow(id: string, onState: (state: PullState) => void = () => {}): Promise<PullState[]> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: pullPath(id, '/events'), headers: { Host: browser.host } },
      (res) => {
        const states: PullState[] = [];
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
            const data = pending
              .slice(0, end)
              .split('\n')
              .find((line) => line.startsWith('data: '));
            pending = pending.slice(end + 2);
            if (data === undefined) continue;
            const state = JSON.parse(data.slice(6)) as PullState;
            states.push(state);
            onState(state);
          }
        });
        res.on('end', () => resolve(states));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function pull(reference: string): Promise<{ started: PullState; states: PullState[] }> {
  const response = await browser.send('POST', '/api/pull', { reference });
  expect(response.status, response.body).toBe(202);
  const started = response.json<PullState>();
  return { started, states: await follow(started.id) };
}

function expectMonotoneTo(states: readonly PullState[], end: number): void {
  const figures = states.map((state) => state.totals.downloadedBytes);
  for (let i = 1; i < figures.length; i++) {
    expect(figures[i]).toBeGreaterThanOrEqual(figures[i - 1] as number);
  }
  expect(figures.at(-1)).toBe(end);
  // Seeded before the first message: every state has the same total.
  expect(new Set(states.map((state) => state.totals.downloadTotalBytes))).toEqual(new Set([end]));
}

describe('pull preview and pull against a real registry', () => {
  it('a base on an engine without it: the preview’s bytes are the registry’s blob, and what the pull downloads', async () => {
    const reference = `${registry.host}/pull/base-alpha:1`;
    const promised = await preview(reference);
    expect(promised.layers).toHaveLength(1);
    const [layer] = promised.layers;
    expect(layer).toMatchObject({ local: false, willDownload: true });
    expect(promised.downloadBytes).toBe(blobBytes(layer?.digest ?? ''));
    expect(promised.reusedLayers).toBe(0);
    // The estimate is the gzip trailer: the uncompressed tar's length, labelled not exact.
    expect(promised.estimatedDiskBytes).toMatchObject({
      exact: false,
      bytes: gunzipSync(readFileSync(blobPath(layer?.digest ?? ''))).length,
    });

    const { started, states } = await pull(reference);
    expect(started.totals.downloadTotalBytes).toBe(promised.downloadBytes);
    const last = states.at(-1);
    expect(last?.phase, last?.error ?? '').toBe('done');
    expect(last?.result).toMatchObject({
      downloadedLayers: 1,
      alreadyExistsLayers: 0,
      downloadedBytes: promised.downloadBytes,
      promisedDownloadBytes: promised.downloadBytes,
      agrees: true,
    });
    expect(last?.result?.disk.gainedBytes).toBeGreaterThan(0);
    expectMonotoneTo(states, promised.downloadBytes);
    expect(await puller.docker(['image', 'inspect', '--format', '{{.Id}}', reference])).toContain(
      promised.imageId,
    );
  });

  it('reuses the pulled base: only the app layer is downloaded, the base is "Already exists"', async () => {
    const reference = `${registry.host}/pull/app:1`;
    const promised = await preview(reference);
    // The base's blob was pulled: the engine has its record. The app layer's it never saw.
    expect(promised.layers.map((layer) => [layer.local, layer.engineKnowsDigest])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(promised.reusedLayers).toBe(1);
    expect(promised.downloadBytes).toBe(blobBytes(promised.layers[1]?.digest ?? ''));
    expect(promised.sharedBaseWith).toEqual([
      expect.objectContaining({ name: `${registry.host}/pull/base-alpha:1`, sharedLayers: 1 }),
    ]);

    const { states } = await pull(reference);
    const last = states.at(-1);
    expect(last?.result).toMatchObject({
      downloadedLayers: 1,
      alreadyExistsLayers: 1,
      downloadedBytes: promised.downloadBytes,
      agrees: true,
    });
    expectMonotoneTo(states, promised.downloadBytes);
  });

  it('the same diff on another base is not reused, and a `docker load`ed base is downloaded again', async () => {
    const reference = `${registry.host}/pull/app-on-beta:1`;
    const promised = await preview(reference);
    const onAlpha = await preview(`${registry.host}/pull/app:1`);
    const [beta, app1] = promised.layers;
    // base-beta came from `docker load`: local, but the engine has no record of its blob.
    expect(beta).toMatchObject({ local: true, engineKnowsDigest: false, willDownload: true });
    // app-one's diff is on this engine (on base-alpha), but not on base-beta: not local.
    expect(app1?.diffId).toBe(onAlpha.layers[1]?.diffId);
    expect(app1).toMatchObject({ local: false, willDownload: true });
    expect(promised.reusedLayers).toBe(0);
    expect(promised.downloadBytes).toBe(
      blobBytes(beta?.digest ?? '') + blobBytes(app1?.digest ?? ''),
    );
    expect(promised.downloadedAgainBytes).toBe(blobBytes(beta?.digest ?? ''));
    // Only app-one on beta adds disk: base-beta's files are kept once.
    expect(promised.estimatedDiskBytes?.bytes).toBe(
      gunzipSync(readFileSync(blobPath(app1?.digest ?? ''))).length,
    );

    const { states } = await pull(reference);
    expect(states.at(-1)?.result).toMatchObject({
      downloadedLayers: 2,
      alreadyExistsLayers: 0,
      downloadedBytes: promised.downloadBytes,
      agrees: true,
    });
    // Now the engine has the record: a second look reuses both.
    expect((await preview(reference)).reusedLayers).toBe(2);
  });

  it('one pull per reference (409), and cancel stops the engine half-way', async () => {
    const reference = `${proxy.host}/pull/big:1`;
    const first = await browser.send('POST', '/api/pull', { reference });
    expect(first.status, first.body).toBe(202);
    const started = first.json<PullState>();
    const second = await browser.send('POST', '/api/pull', { reference });
    expect(second.status).toBe(409);
    expect(second.json()).toMatchObject({ code: 'PULL_RUNNING' });
    expect(second.json<{ message: string }>().message).toContain('is being pulled already');

    let cancelAsked = false;
    let cancelledAt = 0;
    const states = await follow(started.id, (state) => {
      if (!cancelAsked && state.totals.downloadedBytes > 0) {
        cancelAsked = true;
        cancelledAt = state.totals.downloadedBytes;
        void browser.send('POST', pullPath(started.id, '/cancel'));
      }
    });
    const last = states.at(-1);
    expect(cancelAsked).toBe(true);
    expect(last?.phase).toBe('cancelled');
    expect(cancelledAt).toBeLessThan(started.preview.downloadBytes);
    expect(last?.totals.downloadedBytes).toBeLessThan(started.preview.downloadBytes);
    await expect(puller.docker(['image', 'inspect', reference])).rejects.toThrow();
    // The reference is free again.
    const list = await browser.get('/api/pull');
    expect(list.json<{ pulls: PullState[] }>().pulls[0]).toMatchObject({
      id: started.id,
      phase: 'cancelled',
    });
  });

  it('an error inside the engine’s 200 stream is the pull’s error', async () => {
    // The manifest and config are there, a layer blob is not: the engine answers 200, starts,
    // and reports the failure inside its stream (errorDetail).
    await pushFixture(privateEngine(), registry, 'footprint-fixture/app:2', 'pull/broken:1');
    const reference = `${registry.host}/pull/broken:1`;
    const promised = await preview(reference);
    const top = promised.layers[1]?.digest ?? '';
    await rm(join(blobPath(top), '..'), { recursive: true });
    const { states } = await pull(reference);
    const last = states.at(-1);
    expect(last?.phase).toBe('failed');
    expect(last?.error).toMatch(/unknown|not found|404/i);
    expect(last?.result).toBeNull();
  });

  it('read-only mode refuses the pull but answers the preview', async () => {
    const readOnly = await appOnPrivateEngine(puller, {
      readOnly: true,
      allowedHosts: [],
      watchEngine: false,
      stateDir: await mkdtemp(join(tmpdir(), 'fp-state-')),
    });
    try {
      const ro = await session(await listen(readOnly), testToken);
      const refused = await ro.send('POST', '/api/pull', {
        reference: `${registry.host}/pull/base-alpha:1`,
      });
      expect(refused.status).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'READ_ONLY' });
      const asked = await ro.send('POST', '/api/pull/preview', {
        reference: `${registry.host}/pull/base-alpha:1`,
      });
      expect(asked.status).toBe(200);
    } finally {
      await readOnly.close();
    }
  });
});
