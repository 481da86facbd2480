import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContainerRemoval, ContainerRemovalPreview, ImageTagging } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { du } from '../helpers/du.js';
import { fixtureSpecs, loadImages, repo, runWriter } from '../helpers/fixtures.js';
import { PrivateEngine } from '../helpers/private-engine.js';
import { appOnPrivateEngine, testToken } from './context.js';
import { listen, rawRequest, session } from './raw-http.js';

/*
 * Removing one container, adding a tag and saving an image, on a private engine of this file's
 * own (it removes things). Figures are checked against the engine's own answers and du.
 */

let engine: PrivateEngine;
let stateDir: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let port = 0;
let browser: Awaited<ReturnType<typeof session>>;
const busybox = fixtureSpecs.busybox.tags[0] as string;
/** The server's log lines: every change leaves one, at the default level. */
const lines: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});
const logged = (action: string) => lines.filter((line) => line.action === action);

beforeAll(async () => {
  engine = await PrivateEngine.start();
  await loadImages(engine, [fixtureSpecs.busybox, fixtureSpecs.baseBeta, fixtureSpecs.appTwo]);
  stateDir = await mkdtemp(join(tmpdir(), 'fp-state-'));
  app = await appOnPrivateEngine(engine, {
    stateDir,
    dataRoot: engine.dataRoot,
    logger: { level: 'info', stream: logStream },
  });
  port = await listen(app);
  browser = await session(port, testToken);
}, 300_000);

afterAll(async () => {
  await app?.close();
  await engine?.destroy();
  await rm(stateDir, { recursive: true, force: true });
});

/** GNU du's `-B1 -s` (with -x for the data root): what a path takes on disk. */

async function idOf(name: string): Promise<string> {
  return (await engine.docker(['inspect', '--format', '{{.Id}}', name])).trim();
}

/** A running container that stops within a second when asked (busybox sleep, no network). */
async function startSleeping(name: string): Promise<void> {
  await engine.docker([
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'none',
    '--stop-timeout',
    '1',
    busybox,
    'sleep',
    '600',
  ]);
}

async function containerIds(): Promise<string[]> {
  return (await engine.docker(['ps', '-aq', '--no-trunc'])).split('\n').filter(Boolean);
}

async function preview(id: string): Promise<ContainerRemovalPreview> {
  const response = await browser.send('POST', `/api/containers/${id}/remove/preview`, {});
  expect(response.status, response.body).toBe(200);
  return response.json<ContainerRemovalPreview>();
}

describe('removing one container', () => {
  it('previews the engine’s SizeRw and du, removes exactly that container, and reports du’s loss', async () => {
    await runWriter(engine, 'writer-kept', 10_000);
    await runWriter(engine, 'writer-removed', 30_000);
    const id = await idOf('writer-removed');
    const kept = await idOf('writer-kept');
    const raw = await engine.api<{ SizeRw: number; GraphDriver: { Data: { UpperDir: string } } }>(
      `/containers/${id}/json?size=1`,
    );
    const layerDir = raw.GraphDriver.Data.UpperDir.replace(/\/diff$/, '');

    const plan = await preview(id);
    expect(plan).toMatchObject({ id, name: 'writer-removed', state: 'exited', running: false });
    expect(plan.sizeRw).toBe(raw.SizeRw);
    expect(plan.sizeRw).toBeGreaterThanOrEqual(30_000);
    expect(plan.disk.note).toBeNull();
    expect(plan.disk.writableLayerBytes).toBe(await du(['-B1', '-s'], layerDir));
    expect(plan.disk.initLayerBytes).toBe(await du(['-B1', '-s'], `${layerDir}-init`));
    expect(plan.disk.logBytes).toBe(
      await du(['-B1', '-s'], join(engine.dataRoot, 'containers', id, `${id}-json.log`)),
    );
    expect(plan.anonymousVolumes).toEqual([]);

    const duBefore = await du(['-x', '-B1', '-s'], engine.dataRoot);
    const response = await browser.send('DELETE', `/api/containers/${id}`, {
      expectedState: 'exited',
    });
    expect(response.status, response.body).toBe(200);
    const duAfter = await du(['-x', '-B1', '-s'], engine.dataRoot);
    const result = response.json<ContainerRemoval>();
    expect(result).toMatchObject({
      id,
      name: 'writer-removed',
      stopped: false,
      sizeRw: raw.SizeRw,
    });
    expect(plan.disk.totalBytes).toBe(duBefore - duAfter);
    expect(result.disk).toMatchObject({
      beforeBytes: duBefore,
      afterBytes: duAfter,
      reclaimedBytes: duBefore - duAfter,
    });
    const left = await containerIds();
    expect(left).not.toContain(id);
    expect(left).toContain(kept);
    expect(logged('remove-container')).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'remove-container: done',
        by: 'session',
        id,
        stop: false,
        removeVolumes: false,
        sizeRw: raw.SizeRw,
        diskReclaimedBytes: duBefore - duAfter,
      }),
    ]);
  });

  it('refuses a running container unless asked to stop it, and a state changed since the preview', async () => {
    await startSleeping('sleeper');
    const id = await idOf('sleeper');
    const plan = await preview(id);
    expect(plan).toMatchObject({ state: 'running', running: true });

    const refused = await browser.send('DELETE', `/api/containers/${id}`, {
      expectedState: 'running',
    });
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CONTAINER_RUNNING' });
    expect(refused.json<{ message: string }>().message).toContain('Stop and remove');
    expect(logged('remove-container').at(-1)).toMatchObject({
      msg: 'remove-container: not done',
      id,
      refused: { statusCode: 409, code: 'CONTAINER_RUNNING' },
    });

    const outdated = await browser.send('DELETE', `/api/containers/${id}`, {
      expectedState: 'exited',
      stop: true,
    });
    expect(outdated.status).toBe(409);
    expect(outdated.json()).toMatchObject({ code: 'CONTAINER_STATE_CHANGED' });
    expect(await containerIds()).toContain(id);

    const removed = await browser.send('DELETE', `/api/containers/${id}`, {
      expectedState: 'running',
      stop: true,
    });
    expect(removed.status, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ id, stopped: true });
    expect(await containerIds()).not.toContain(id);

    const gone = await browser.send('DELETE', `/api/containers/${id}`, { expectedState: 'exited' });
    expect(gone.status).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
  });

  it('stops and removes a paused container when asked', async () => {
    await startSleeping('paused');
    await engine.docker(['pause', 'paused']);
    const id = await idOf('paused');
    expect(await preview(id)).toMatchObject({ state: 'paused', running: true });
    const removed = await browser.send('DELETE', `/api/containers/${id}`, {
      expectedState: 'paused',
      stop: true,
    });
    expect(removed.status, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ id, stopped: true });
    expect(await containerIds()).not.toContain(id);
  });

  it('lists anonymous volumes with du, keeps them by default and removes them when asked', async () => {
    await engine.docker(['volume', 'create', 'named-data']);
    const write = (name: string) =>
      engine.docker([
        'run',
        '--name',
        name,
        '--network',
        'none',
        '-v',
        '/data',
        '-v',
        'named-data:/named',
        busybox,
        'sh',
        '-c',
        'dd if=/dev/zero of=/data/blob bs=1000 count=20 2>/dev/null',
      ]);
    await write('anon-kept');
    await write('anon-removed');
    const volumeOf = async (name: string) =>
      (
        await engine.docker([
          'inspect',
          '--format',
          '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}}{{end}}{{end}}',
          name,
        ])
      ).trim();
    const keptVolume = await volumeOf('anon-kept');
    const removedVolume = await volumeOf('anon-removed');

    const plan = await preview(await idOf('anon-removed'));
    expect(plan.anonymousVolumes).toEqual([
      {
        name: removedVolume,
        diskBytes: await du(['-B1', '-s'], join(engine.dataRoot, 'volumes', removedVolume)),
        usedBy: [],
      },
    ]);

    const keep = await browser.send('DELETE', `/api/containers/${await idOf('anon-kept')}`, {
      expectedState: 'exited',
    });
    expect(keep.json()).toMatchObject({ removedVolumes: [], keptVolumes: [keptVolume] });
    const drop = await browser.send('DELETE', `/api/containers/${plan.id}`, {
      expectedState: 'exited',
      removeVolumes: true,
    });
    expect(drop.json()).toMatchObject({ removedVolumes: [removedVolume], keptVolumes: [] });
    const volumes = (await engine.docker(['volume', 'ls', '-q'])).split('\n');
    expect(volumes).toContain(keptVolume);
    expect(volumes).toContain('named-data');
    expect(volumes).not.toContain(removedVolume);
  });

  it('refuses an ID that is not a full container ID', async () => {
    for (const id of ['abc', '..%2F..%2Fimages', 'x'.repeat(64)]) {
      const response = await browser.send('DELETE', `/api/containers/${id}`, {
        expectedState: 'exited',
      });
      expect(response.status, id).toBe(400);
    }
  });
});

describe('adding a tag', () => {
  const beta = () => idOf(fixtureSpecs.baseBeta.tags[0] as string);
  const two = () => idOf(fixtureSpecs.appTwo.tags[0] as string);
  const tag = (body: Record<string, unknown>) => browser.send('POST', '/api/images/tag', body);

  it('tags an image, says so when the name is there already, and refuses a hostile name', async () => {
    const imageId = await beta();
    const added = await tag({ imageId, tag: `${repo}/extra:1` });
    expect(added.status, added.body).toBe(200);
    expect(added.json<ImageTagging>()).toMatchObject({
      id: imageId,
      tag: `${repo}/extra:1`,
      outcome: 'tagged',
      movedFrom: null,
    });
    expect(await idOf(`${repo}/extra:1`)).toBe(imageId);
    expect(logged('tag').at(-1)).toMatchObject({
      msg: 'tag: done',
      by: 'session',
      imageId,
      tag: `${repo}/extra:1`,
      outcome: 'tagged',
    });
    const latest = await tag({ imageId, tag: `${repo}/extra` });
    expect(latest.json()).toMatchObject({ tag: `${repo}/extra:latest`, outcome: 'tagged' });
    const again = await tag({ imageId, tag: `${repo}/extra:1` });
    expect(again.json()).toMatchObject({ outcome: 'unchanged' });

    for (const hostile of [
      'Evil:1',
      'a:b"c',
      'a\r\nb:1',
      'x@sha256:' + '0'.repeat(64),
      'abcdef12',
    ]) {
      const response = await tag({ imageId, tag: hostile });
      expect(response.status, hostile).toBe(400);
    }
  });

  it('refuses to take a name from another image until the move is confirmed from that image', async () => {
    const from = await two();
    const to = await beta();
    const name = fixtureSpecs.appTwo.tags[0] as string;
    const refused = await tag({ imageId: to, tag: name });
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'TAG_ON_OTHER_IMAGE' });
    expect(refused.json<{ message: string }>().message).toContain(from.slice(7, 19));
    expect(refused.json<{ message: string }>().message).toContain('left untagged');
    expect(await idOf(name)).toBe(from);

    const wrong = await tag({ imageId: to, tag: name, move: true, expectedCurrent: to });
    expect(wrong.status).toBe(409);
    expect(wrong.json()).toMatchObject({ code: 'TAG_MOVED' });
    expect(await idOf(name)).toBe(from);

    const moved = await tag({ imageId: to, tag: name, move: true, expectedCurrent: from });
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ outcome: 'moved', movedFrom: from, movedFromTags: [] });
    expect(await idOf(name)).toBe(to);
  });
});

describe('saving an image', () => {
  /** Downloads the archive to a file, streamed, as a browser with the session would. */
  function download(path: string, file: string, cookie: string) {
    return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, headers: { Host: browser.host, Cookie: cookie } },
        (res) => {
          const status = res.statusCode ?? 0;
          pipeline(res, createWriteStream(file))
            .then(() => resolve({ status, headers: res.headers }))
            .catch(reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('streams a tar that docker load turns back into the same image, with its tag', async () => {
    const name = fixtureSpecs.busybox.tags[0] as string;
    const id = await idOf(name);
    const dir = await mkdtemp(join(tmpdir(), 'fp-save-'));
    try {
      const file = join(dir, 'saved.tar');
      const path = `/api/images/${id}/save?tag=${encodeURIComponent(name)}`;
      const { status, headers } = await download(path, file, browser.cookie);
      expect(status, await readFile(file, 'utf8').catch(() => '')).toBe(200);
      expect(headers['content-type']).toBe('application/x-tar');
      expect(headers['content-disposition']).toBe(
        'attachment; filename="footprint-fixture_busybox_1.tar"',
      );
      expect((await stat(file)).size).toBeGreaterThan(0);

      // The image goes (its containers first), and comes back from the archive alone.
      for (const container of await containerIds()) await engine.docker(['rm', '-f', container]);
      await engine.docker(['rmi', name]);
      await expect(idOf(name)).rejects.toThrow();
      await engine.docker(['load', '-i', file]);
      expect(await idOf(name)).toBe(id);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('needs the session even on loopback, and refuses a tag that is not on the image', async () => {
    const id = await idOf(fixtureSpecs.baseBeta.tags[0] as string);
    const stranger = await rawRequest(port, {
      path: `/api/images/${id}/save`,
      headers: { Host: browser.host },
    });
    expect(stranger.status).toBe(403);
    expect(stranger.json()).toMatchObject({ code: 'SESSION_REQUIRED' });
    const crossSite = await rawRequest(port, {
      path: `/api/images/${id}/save`,
      headers: { Host: browser.host, Cookie: browser.cookie, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const elsewhere = await rawRequest(port, {
      path: `/api/images/${id}/save?tag=${encodeURIComponent(busybox)}`,
      headers: { Host: browser.host, Cookie: browser.cookie },
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json()).toMatchObject({ code: 'TAG_NOT_ON_IMAGE' });
    const hostile = await rawRequest(port, {
      path: `/api/images/${id}/save?tag=${encodeURIComponent('a";\r\nX-Evil: 1')}`,
      headers: { Host: browser.host, Cookie: browser.cookie },
    });
    expect(hostile.status).toBe(400);
    expect(hostile.headers['x-evil']).toBeUndefined();
  });
});

describe('security of the new routes', () => {
  it('refuses changes without the session cookie or Origin', async () => {
    const id = (await containerIds())[0] ?? 'f'.repeat(64);
    const imageId = await idOf(fixtureSpecs.baseBeta.tags[0] as string);
    const calls: [string, string, unknown][] = [
      ['POST', `/api/containers/${id}/remove/preview`, {}],
      ['DELETE', `/api/containers/${id}`, { expectedState: 'exited' }],
      ['POST', '/api/images/tag', { imageId, tag: `${repo}/sneaky:1` }],
    ];
    for (const [method, path, body] of calls) {
      const noCookie = await browser.send(method, path, body, { Cookie: '' });
      expect(noCookie.status, `${method} ${path}`).toBe(403);
      expect(noCookie.json()).toMatchObject({ code: 'SESSION_REQUIRED' });
      const foreign = await browser.send(method, path, body, { Origin: 'http://evil.example' });
      expect(foreign.status, `${method} ${path}`).toBe(403);
    }
    await expect(idOf(`${repo}/sneaky:1`)).rejects.toThrow();
  });

  it('in read-only mode refuses removal and tagging (403 READ_ONLY) but still saves', async () => {
    const readOnly = await appOnPrivateEngine(engine, {
      readOnly: true,
      watchEngine: false,
      dataRoot: engine.dataRoot,
    });
    try {
      const ro = await session(await listen(readOnly), testToken);
      await runWriter(engine, 'read-only-target', 1_000);
      const id = await idOf('read-only-target');
      const imageId = await idOf(fixtureSpecs.baseBeta.tags[0] as string);
      const calls: [string, string, unknown][] = [
        ['POST', `/api/containers/${id}/remove/preview`, {}],
        ['DELETE', `/api/containers/${id}`, { expectedState: 'exited' }],
        ['POST', '/api/images/tag', { imageId, tag: `${repo}/read-only:1` }],
      ];
      for (const [method, path, body] of calls) {
        const response = await ro.send(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.json()).toMatchObject({ code: 'READ_ONLY' });
      }
      expect(await containerIds()).toContain(id);
      const saved = await rawRequest(Number(ro.host.split(':')[1]), {
        path: `/api/images/${imageId}/save`,
        headers: { Host: ro.host, Cookie: ro.cookie },
        headersOnly: true,
      });
      expect(saved.status).toBe(200);
      expect(saved.headers['content-disposition']).toBe(
        `attachment; filename="image-${imageId.slice(7, 19)}.tar"`,
      );
    } finally {
      await readOnly.close();
    }
  });
});
