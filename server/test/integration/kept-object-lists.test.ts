import type { BuildCacheList, VolumeList } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWithBuildKit, repo } from '../helpers/fixtures.js';
import { appOnPrivateEngine, fixtures, injectHost, privateEngine } from './context.js';

/*
 * GET /api/volumes and /api/build-cache answer from the kept df answer (services/object-lists.ts,
 * engine-snapshot.ts): no /system/df per request, a new one only after a change, and the figures
 * the engine's own df gives at that moment. The df calls are counted on the engine client, as
 * engine-snapshot.test.ts counts them.
 */

const engine = privateEngine();
const { images: fx } = fixtures();
type App = Awaited<ReturnType<typeof appOnPrivateEngine>>;
let app: App;

interface RawDf {
  Volumes:
    | { Name: string; CreatedAt?: string; UsageData?: { Size: number; RefCount: number } | null }[]
    | null;
  Containers: { Id: string; Names: string[]; State: string; Mounts?: { Name?: string }[] }[] | null;
  BuildCache:
    | {
        ID: string;
        Size: number;
        InUse: boolean;
        Shared: boolean;
        Description?: string;
        LastUsedAt?: string | null;
      }[]
    | null;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url, headers: { host: injectHost } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** Every df call the app makes, the kept snapshot's and any other (they all come here). */
function countDf() {
  return vi.spyOn(app.engines.default.inventory.engine, 'rawDiskUsage');
}

/** Until an answer passes the check: the engine's event may still be on its way. */
async function until<T>(url: string, check: (answer: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await getJson<T>(url);
    if (check(answer)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} never showed the change.`);
}

/** Until two answers in a row come without a df call: the watcher is following. */
async function untilKept(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    await getJson('/api/volumes');
    const df = countDf();
    try {
      await getJson('/api/volumes');
      await getJson('/api/build-cache');
      if (df.mock.calls.length === 0) return;
    } finally {
      df.mockRestore();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The df answer was never kept: is the engine watcher following?');
}

/** The volume list is the engine's df, field by field, mounts from df's containers. */
async function expectVolumesAsEngine(list: VolumeList): Promise<void> {
  const df = await engine.api<RawDf>('/v1.41/system/df');
  const ours = list.volumes
    .map((v) => [
      v.name,
      v.size,
      v.created,
      v.containers.map((c) => [c.id, c.name, c.state]).sort(),
    ])
    .sort();
  const theirs = (df.Volumes ?? [])
    .map((v) => {
      const size = v.UsageData?.Size ?? -1;
      const users = (df.Containers ?? [])
        .filter((c) => (c.Mounts ?? []).some((m) => m.Name === v.Name))
        .map((c) => [c.Id, (c.Names[0] ?? '').replace(/^\//, ''), c.State]);
      return [
        v.Name,
        size >= 0 ? size : null,
        v.CreatedAt ? new Date(v.CreatedAt).toISOString() : null,
        users.sort(),
      ];
    })
    .sort();
  expect(ours).toEqual(theirs);
}

async function expectBuildCacheAsEngine(list: BuildCacheList): Promise<void> {
  const df = await engine.api<RawDf>('/v1.41/system/df');
  const ours = list.records
    .map((r) => [r.id, r.size, r.inUse, r.shared, r.description, r.lastUsed])
    .sort();
  const theirs = (df.BuildCache ?? [])
    .map((r) => [
      r.ID,
      r.Size,
      r.InUse,
      r.Shared,
      r.Description ?? '',
      r.LastUsedAt ? new Date(r.LastUsedAt).toISOString() : null,
    ])
    .sort();
  expect(ours).toEqual(theirs);
}

beforeAll(async () => {
  // No background refresh during a test: every df call counted is one a change asked for.
  app = await appOnPrivateEngine(engine, { engineMaxAgeMs: 600_000 });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('GET /api/volumes and /api/build-cache from the kept df answer', () => {
  it('answer many requests without a df call while nothing changes, with the engine’s figures', async () => {
    await untilKept();
    const df = countDf();
    try {
      const [volumes, records] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => getJson<VolumeList>('/api/volumes'))),
        Promise.all(Array.from({ length: 10 }, () => getJson<BuildCacheList>('/api/build-cache'))),
      ]);
      expect(df).not.toHaveBeenCalled();
      expect(new Set(volumes.map((answer) => JSON.stringify(answer))).size).toBe(1);
      expect(new Set(records.map((answer) => JSON.stringify(answer))).size).toBe(1);
      await expectVolumesAsEngine(volumes[0] as VolumeList);
      await expectBuildCacheAsEngine(records[0] as BuildCacheList);
    } finally {
      df.mockRestore();
    }
  });

  it('follow a volume created and removed: one df per change, not per request', async () => {
    await untilKept();
    const name = `kept-volume-${Date.now().toString(36)}`;
    const df = countDf();
    try {
      await engine.docker(['volume', 'create', name]);
      const created = await until<VolumeList>('/api/volumes', (list) =>
        list.volumes.some((v) => v.name === name),
      );
      await expectVolumesAsEngine(created);
      const afterCreate = df.mock.calls.length;
      expect(afterCreate).toBeGreaterThan(0);
      for (let request = 0; request < 10; request++) await getJson('/api/volumes');
      expect(df.mock.calls.length).toBe(afterCreate);

      await engine.docker(['volume', 'rm', name]);
      const removed = await until<VolumeList>('/api/volumes', (list) =>
        list.volumes.every((v) => v.name !== name),
      );
      await expectVolumesAsEngine(removed);
      const afterRemove = df.mock.calls.length;
      for (let request = 0; request < 10; request++) await getJson('/api/volumes');
      expect(df.mock.calls.length).toBe(afterRemove);
    } finally {
      df.mockRestore();
      await engine.docker(['volume', 'rm', '-f', name]).catch(() => {});
    }
  });

  it('shows a container that mounts a volume, and its removal, without asking df', async () => {
    await untilKept();
    const name = `kept-mounter-${Date.now().toString(36)}`;
    const users = (list: VolumeList) =>
      list.volumes.find((v) => v.name === 'footprint-unused')?.containers ?? [];
    const df = countDf();
    try {
      await engine.docker([
        'create',
        '--network',
        'none',
        '--name',
        name,
        '-v',
        'footprint-unused:/data',
        fx.busybox.id,
        'true',
      ]);
      const mounted = await until<VolumeList>('/api/volumes', (list) =>
        users(list).some((c) => c.name === name),
      );
      expect(users(mounted).find((c) => c.name === name)?.state).toBe('created');
      await expectVolumesAsEngine(mounted);

      await engine.docker(['rm', name]);
      const unmounted = await until<VolumeList>('/api/volumes', (list) =>
        users(list).every((c) => c.name !== name),
      );
      await expectVolumesAsEngine(unmounted);
      // Container events (and the engine's `create` for a volume that is there) change who
      // mounts a volume, not df's figures of it: the kept answer.
      expect(df).not.toHaveBeenCalled();
    } finally {
      df.mockRestore();
      await engine.docker(['rm', '-f', name]).catch(() => {});
    }
  });

  it('follows a build’s new cache records: one df after its image event, then none', async () => {
    await untilKept();
    const before = await getJson<BuildCacheList>('/api/build-cache');
    const tag = `${repo}/kept-cache:${Date.now().toString(36)}`;
    const df = countDf();
    try {
      await buildWithBuildKit(engine, tag, [
        `FROM ${fx.busybox.tags[0] as string}`,
        `RUN echo ${tag} > /kept.txt`,
      ]);
      const after = await until<BuildCacheList>(
        '/api/build-cache',
        (list) => list.records.length > before.records.length,
      );
      await expectBuildCacheAsEngine(after);
      const calls = df.mock.calls.length;
      expect(calls).toBeGreaterThan(0);
      for (let request = 0; request < 10; request++) await getJson('/api/build-cache');
      expect(df.mock.calls.length).toBe(calls);
    } finally {
      df.mockRestore();
      await engine.docker(['rmi', tag]).catch(() => {});
    }
  });

  it('answers a page that has the bytes with 304 and no body', async () => {
    for (const url of ['/api/volumes', '/api/build-cache', '/api/layers']) {
      const first = await app.inject({ method: 'GET', url, headers: { host: injectHost } });
      expect(first.statusCode).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await app.inject({
        method: 'GET',
        url,
        headers: { host: injectHost, 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      const other = await app.inject({
        method: 'GET',
        url,
        headers: { host: injectHost, 'if-none-match': '"something-else"' },
      });
      expect(other.statusCode).toBe(200);
      expect(other.json()).toEqual(first.json());
    }
  });
});
