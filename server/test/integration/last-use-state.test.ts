import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageList } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagTimesFromDataRoot } from '../../src/services/image-tag-times.js';
import { StateDirMismatchError } from '../../src/state/state-dir.js';
import { StateLockedError } from '../../src/state/state-lock.js';
import { DashboardServer } from '../helpers/dashboard-server.js';
import { loadImages } from '../helpers/fixtures.js';
import type { BuiltImage } from '../helpers/image-archive.js';
import { PrivateEngine } from '../helpers/private-engine.js';
import { appOnPrivateEngine, injectHost, privateEngine, testToken } from './context.js';

/*
 * "Unused for N days" on the first day of the record, and the state directory: one per engine,
 * locked while a server runs. A private engine of this file's own holds images made three years
 * ago that nothing has used, so what the filter says on day one is known exactly.
 */

const threeYearsAgo = '2023-11-02T10:00:00.000Z';
let engine: PrivateEngine;
let root: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let images: Record<'idle' | 'retagged' | 'seenUsed' | 'hasContainer' | 'fresh', BuiltImage>;
const temps: string[] = [];

const layer = (name: string) => ({
  entries: [{ type: 'file' as const, path: name, content: name }],
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

async function get(target: typeof app, url: string): Promise<ImageList> {
  const response = await target.inject({
    method: 'GET',
    url,
    headers: { host: injectHost, authorization: `Bearer ${testToken}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ImageList>();
}

/** The engine's own LastTagTime for an image, null for Go's zero time. */
async function lastTagTime(id: string): Promise<string | null> {
  const raw = (
    await engine.docker(['image', 'inspect', '--format', '{{json .Metadata.LastTagTime}}', id])
  ).trim();
  const time = JSON.parse(raw) as string;
  return time.startsWith('0001-01-01') ? null : new Date(time).toISOString();
}

/** A pid that surely belongs to no process: one that has just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid ?? 0;
}

beforeAll(async () => {
  engine = await PrivateEngine.start();
  const [idle, retagged, seenUsed, hasContainer, fresh] = await loadImages(engine, [
    { tags: ['old/idle:1'], layers: [layer('idle')], created: threeYearsAgo },
    { tags: ['old/retagged:1'], layers: [layer('retagged')], created: threeYearsAgo },
    { tags: ['old/seen-used:1'], layers: [layer('seen')], created: threeYearsAgo, cmd: ['x'] },
    { tags: ['old/has-container:1'], layers: [layer('kept')], created: threeYearsAgo, cmd: ['x'] },
    { tags: ['new/fresh:1'], layers: [layer('fresh')], created: new Date().toISOString() },
  ]);
  if (!idle || !retagged || !seenUsed || !hasContainer || !fresh) throw new Error('not loaded');
  images = { idle, retagged, seenUsed, hasContainer, fresh };
  // Tagged today: it has been here as it is only since today, whatever its Created says.
  await engine.docker(['tag', 'old/retagged:1', 'old/retagged:today']);
  await engine.docker(['create', '--name', 'keeps-it', 'old/has-container:1']);
  root = await tempDir('fp-state-root-');
  app = await appOnPrivateEngine(engine, { stateRoot: root });
  await app.ready();
  // A container made and removed while the server watches: its use is on the record.
  await engine.docker(['create', '--name', 'brief', 'old/seen-used:1']);
  const deadline = Date.now() + 15_000;
  while (app.engines.default.lastUse.lastUsed(seenUsed.id) === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await engine.docker(['rm', 'brief']);
}, 300_000);

afterAll(async () => {
  await app?.close();
  await engine?.destroy();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('unused for N days on the first day of the record', () => {
  it('the record alone lists none: it has watched for less than a day', async () => {
    const list = await get(app, '/api/images?unusedForDays=30');
    expect(list.images).toEqual([]);
    expect(list.unused?.basis).toBe('recorded');
    expect(list.unused?.recordedDays).toBeLessThan(1);
    expect(list.unused?.evidence).toEqual([]);
  });

  it('with the age basis: the image made three years ago that nothing used, and why', async () => {
    const list = await get(app, '/api/images?unusedForDays=30&unusedBasis=recorded-or-age');
    expect(list.images.map((image) => image.id)).toEqual([images.idle.id]);
    const knownSince = list.lastUseKnownSince;
    expect(list.unused?.recordedDays).toBeLessThan(1);
    expect(Date.parse(knownSince)).toBeLessThanOrEqual(Date.parse(list.unused?.asOf ?? ''));
    const tagTime = await lastTagTime(images.idle.id);
    expect(list.unused?.evidence).toEqual([
      {
        id: images.idle.id,
        basis: 'age',
        // The later of Created and LastTagTime, exactly as the engine reports them.
        since: tagTime !== null && tagTime > threeYearsAgo ? tagTime : threeYearsAgo,
        firstSeen: expect.any(String) as unknown,
        lastUsed: null,
        created: threeYearsAgo,
        lastTagTime: tagTime,
        containers: 0,
      },
    ]);
    const [evidence] = list.unused?.evidence ?? [];
    expect(Date.parse(evidence?.firstSeen ?? '')).toBeGreaterThanOrEqual(Date.parse(knownSince));
  });

  it('leaves out the image tagged today, the one a container was seen using, the one a container uses now and the new one', async () => {
    expect(await lastTagTime(images.retagged.id)).not.toBeNull();
    const list = await get(app, '/api/images?unusedForDays=30&unusedBasis=recorded-or-age');
    const listed = list.images.map((image) => image.id);
    for (const left of [images.retagged, images.seenUsed, images.hasContainer, images.fresh]) {
      expect(listed).not.toContain(left.id);
    }
    // The use seen is in the record, and the image list says so.
    const all = await get(app, '/api/images');
    expect(all.images.find((image) => image.id === images.seenUsed.id)?.lastUsed).not.toBeNull();
  });
});

it('reads LastTagTime from the data root exactly as the engine’s inspect gives it', async () => {
  const ids = [images.retagged.id, images.idle.id, images.fresh.id];
  const read = await tagTimesFromDataRoot(app.engines.default.snapshot, null, app.pools)(ids);
  const inspected = await Promise.all(ids.map((id) => lastTagTime(id)));
  expect(read).toEqual(inspected);
  // `docker tag` set one: the comparison is not only of nulls.
  expect(read?.[0]).not.toBeNull();
});

describe('the state directory', () => {
  it('is one per engine, named by its ID and data root, with whose it is written down', async () => {
    const [dir] = await readdir(join(root, 'engines'));
    const info = JSON.parse(await engine.docker(['info', '--format', '{{json .}}'])) as {
      ID: string;
      DockerRootDir: string;
    };
    expect(dir?.startsWith(info.ID.replace(/[^A-Za-z0-9._-]+/g, '-'))).toBe(true);
    const identity = JSON.parse(
      await readFile(join(root, 'engines', dir ?? '', 'engine.json'), 'utf8'),
    );
    expect(identity).toMatchObject({ engineId: info.ID, dockerRootDir: info.DockerRootDir });
    const lock = JSON.parse(
      await readFile(join(root, 'engines', dir ?? '', 'server.lock'), 'utf8'),
    );
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
  });

  it('a second server on the same engine stops with an error naming the first; nothing is mixed', async () => {
    const [dir] = await readdir(join(root, 'engines'));
    const recordPath = join(root, 'engines', dir ?? '', 'last-use.json');
    await app.engines.default.lastUse.flush();
    const before = await readFile(recordPath, 'utf8');
    const second = appOnPrivateEngine(engine, { stateRoot: root });
    await expect(second).rejects.toBeInstanceOf(StateLockedError);
    await expect(second).rejects.toThrow(`pid ${process.pid}`);
    await expect(second).rejects.toThrow('FOOTPRINT_STATE_DIR');
    expect(await readFile(recordPath, 'utf8')).toBe(before);
    // The first still holds it and still answers.
    expect((await get(app, '/api/images')).images.length).toBeGreaterThan(0);
  });

  it('the built server, started twice on one engine: the second exits naming the first', async () => {
    const stateDir = await tempDir('fp-state-two-');
    const first = await DashboardServer.start({ dockerHost: engine.dockerHost, stateDir });
    try {
      const second = DashboardServer.start({ dockerHost: engine.dockerHost, stateDir });
      await expect(second).rejects.toThrow('The server exited at start-up (1)');
      await expect(second).rejects.toThrow(
        `docker-footprint did not start: Another docker-footprint server (pid ${first.child.pid}`,
      );
      await expect(second).rejects.toThrow(`serving port ${first.port}`);
    } finally {
      await first.stop();
    }
    // Stopped: its lock went with it, and a new server starts on the same records.
    const next = await DashboardServer.start({ dockerHost: engine.dockerHost, stateDir });
    await next.stop();
  });

  it('a server on another engine with the same root gets a directory of its own', async () => {
    const other = await appOnPrivateEngine(privateEngine(), { stateRoot: root });
    try {
      await other.ready();
      const dirs = await readdir(join(root, 'engines'));
      expect(dirs).toHaveLength(2);
      const identities = await Promise.all(
        dirs.map(
          async (dir) =>
            JSON.parse(await readFile(join(root, 'engines', dir, 'engine.json'), 'utf8')) as {
              dockerRootDir: string;
            },
        ),
      );
      expect(identities.map((each) => each.dockerRootDir).sort()).toEqual(
        [engine.dataRoot, privateEngine().dataRoot].sort(),
      );
    } finally {
      await other.close();
    }
  });

  it('a lock another live process holds is refused; one whose pid is gone is taken over', async () => {
    const dir = await tempDir('fp-state-lock-');
    const sleeper = spawn('sleep', ['60']);
    try {
      const held = { pid: sleeper.pid, hostname: hostname(), startedAt: 'x', port: 7077 };
      await writeFile(join(dir, 'server.lock'), JSON.stringify(held));
      const refused = appOnPrivateEngine(engine, { stateDir: dir });
      await expect(refused).rejects.toThrow(`pid ${sleeper.pid}`);
      await expect(refused).rejects.toThrow('serving port 7077');
    } finally {
      sleeper.kill();
    }
    const stale = { pid: await deadPid(), hostname: hostname(), startedAt: 'y', port: 7078 };
    await writeFile(join(dir, 'server.lock'), JSON.stringify(stale));
    const taker = await appOnPrivateEngine(engine, { stateDir: dir, watchEngine: false });
    try {
      const lock = JSON.parse(await readFile(join(dir, 'server.lock'), 'utf8')) as { pid: number };
      expect(lock.pid).toBe(process.pid);
    } finally {
      await taker.close();
    }
    // Closed: the lock is given back.
    expect(await readdir(dir)).not.toContain('server.lock');
  });

  it('a lock with this pid from before this process started is stale (a restarted container)', async () => {
    const dir = await tempDir('fp-state-restart-');
    const before = { pid: process.pid, hostname: hostname(), startedAt: '2020-01-01T00:00:00Z' };
    await writeFile(join(dir, 'server.lock'), JSON.stringify({ ...before, port: 7077 }));
    const taker = await appOnPrivateEngine(engine, { stateDir: dir, watchEngine: false });
    try {
      const lock = JSON.parse(await readFile(join(dir, 'server.lock'), 'utf8')) as {
        startedAt: string;
      };
      expect(Date.parse(lock.startedAt)).toBeGreaterThan(Date.parse(before.startedAt));
    } finally {
      await taker.close();
    }
  });

  it('an engine that does not answer at start-up: records kept in memory, no directory guessed', async () => {
    const emptyRoot = await tempDir('fp-state-away-');
    const away = await appOnPrivateEngine(engine, {
      dockerHost: `unix://${join(emptyRoot, 'no-engine.sock')}`,
      stateRoot: emptyRoot,
      watchEngine: false,
    });
    try {
      await away.ready();
      expect(away.engines.default.lastUse.stateDir).toBeNull();
      expect(await readdir(emptyRoot)).toEqual([]);
    } finally {
      await away.close();
    }
  });

  it('a directory that holds another engine’s records is refused', async () => {
    const dir = await tempDir('fp-state-other-');
    const engineJson = { engineId: 'SOME-OTHER-ENGINE', name: 'x', dockerRootDir: '/elsewhere' };
    await writeFile(join(dir, 'engine.json'), JSON.stringify(engineJson));
    const refused = appOnPrivateEngine(engine, { stateDir: dir });
    await expect(refused).rejects.toBeInstanceOf(StateDirMismatchError);
    await expect(refused).rejects.toThrow('SOME-OTHER-ENGINE');
    // Refused before it locked anything.
    expect(await readdir(dir)).not.toContain('server.lock');
  });
});
