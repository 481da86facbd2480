import { gunzipSync } from 'node:zlib';
import Docker from 'dockerode';
import { summarizeDiskUsage } from '../../src/domain/disk-usage.js';
import { toDiskUsageSnapshot } from '../../src/engine/mappers.js';
import type { RawDiskUsage } from '../../src/engine/raw-types.js';
import type { ContainerList, DiskUsage, ImageList, ServerEvent } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureSpecs, loadImages, repo, runWriter } from '../helpers/fixtures.js';
import { seededBytes } from '../helpers/image-archive.js';
import { appOnPrivateEngine, fixtures, injectHost, privateEngine } from './context.js';

/*
 * The kept df answer (services/engine-snapshot.ts) on the real engine: reused while nothing
 * changes, never older than what the CLI just did, and asked again when sizes grow without an
 * event.
 */

const engine = privateEngine();
const { images: fx } = fixtures();
type App = Awaited<ReturnType<typeof appOnPrivateEngine>>;
let app: App;
const events: ServerEvent[] = [];

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url, headers: { host: injectHost } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** Until two answers in a row come from the same df call: the watcher is following. */
async function untilKept(): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const first = (await getJson<DiskUsage>('/api/disk')).engineMeasuredAt;
    const second = (await getJson<DiskUsage>('/api/disk')).engineMeasuredAt;
    if (first === second) return second;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The df answer was never kept: is the engine watcher following?');
}

beforeAll(async () => {
  app = await appOnPrivateEngine(engine, { engineMaxAgeMs: 1000 });
  await app.ready();
  app.engines.default.events.subscribe((event) => events.push(event));
});
afterAll(async () => {
  await app.close();
});

describe('the kept df answer', () => {
  it('answers many requests from one df call while nothing changes', async () => {
    await untilKept();
    const df = vi.spyOn(app.engines.default.inventory.engine, 'diskUsage');
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => getJson<ImageList>('/api/images')),
      );
      expect(df).not.toHaveBeenCalled();
      expect(new Set(answers.map((answer) => answer.images.length)).size).toBe(1);
    } finally {
      df.mockRestore();
    }
  });

  it('sends the kept list gzipped to a client that accepts it, the same JSON', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/images' });
    const zipped = await app.inject({
      method: 'GET',
      url: '/api/images',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('shows what the CLI just did in the very next answer', async () => {
    await untilKept();
    const tag = `${repo}/kept:${Date.now().toString(36)}`;
    await engine.docker(['tag', fx.baseAlpha.id, tag]);
    const tagged = await getJson<ImageList>('/api/images');
    expect(tagged.images.find((image) => image.id === fx.baseAlpha.id)?.repoTags).toContain(tag);

    await engine.docker(['rmi', tag]);
    const untagged = await getJson<ImageList>('/api/images');
    expect(untagged.images.find((i) => i.id === fx.baseAlpha.id)?.repoTags).not.toContain(tag);
  });

  it('after a container event asks for the containers again, not for 2,000 images', async () => {
    await untilKept();
    const before = await getJson<ImageList>('/api/images');
    const count = (list: ImageList) => list.images.find((i) => i.id === fx.busybox.id)?.containers;
    await getJson<DiskUsage>('/api/disk');
    const listImages = vi.spyOn(app.engines.default.inventory.engine, 'listImages');
    const containerImageIds = vi.spyOn(app.engines.default.inventory.engine, 'containerImageIds');
    const df = vi.spyOn(app.engines.default.inventory.engine, 'diskUsage');
    const name = `kept-count-${Date.now().toString(36)}`;
    try {
      await engine.docker(['create', '--network', 'none', '--name', name, fx.busybox.id, 'true']);
      // The watcher's event may still be on its way: until the count moves.
      let after = before;
      for (let attempt = 0; attempt < 100 && count(after) === count(before); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        after = await getJson<ImageList>('/api/images');
      }
      expect(count(after)).toBe((count(before) ?? 0) + 1);
      expect(containerImageIds).toHaveBeenCalled();
      expect(listImages).not.toHaveBeenCalled();
      // The disk answer's image layers did not wait for a new image list either, and its
      // engine rows are df's own without asking df again: the kept answer with the containers
      // and the images' container counts brought up to date.
      const disk = await getJson<DiskUsage>('/api/disk');
      expect(listImages).not.toHaveBeenCalled();
      expect(df).not.toHaveBeenCalled();
      const fresh = summarizeDiskUsage(
        toDiskUsageSnapshot(await engine.api<RawDiskUsage>('/v1.41/system/df')),
        disk.engineMeasuredAt,
      );
      expect(disk.containers).toEqual(fresh.containers);
      expect(disk.images).toEqual(fresh.images);
      expect(disk.volumes).toEqual(fresh.volumes);
    } finally {
      df.mockRestore();
      listImages.mockRestore();
      containerImageIds.mockRestore();
      await engine.docker(['rm', '-f', name]);
    }
  });

  it('brings the image list up to date from image events, without listing 2,000 again', async () => {
    await untilKept();
    // The list as it is kept: listed once, here (the disk answer does not list the images).
    await getJson<ImageList>('/api/images');
    const listImages = vi.spyOn(app.engines.default.inventory.engine, 'listImages');
    const tag = `${repo}/moved:${Date.now().toString(36)}`;
    const row = (list: ImageList, id: string) => list.images.find((image) => image.id === id);
    /** Until the answer passes the check (the event may still be on its way). */
    const until = async (check: (list: ImageList) => boolean): Promise<ImageList> => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const list = await getJson<ImageList>('/api/images');
        if (check(list)) return list;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('The image list never showed the change.');
    };
    /** Every row as the engine lists it now, and the df figures, field by field. */
    const expectLikeEngine = async (list: ImageList) => {
      const listed =
        await engine.api<
          { Id: string; RepoTags: string[] | null; Created: number; Size: number }[]
        >('/images/json');
      const df = await engine.api<{ Images: { Id: string; SharedSize: number }[] }>(
        '/v1.41/system/df',
      );
      const shared = new Map(df.Images.map((image) => [image.Id, image.SharedSize]));
      const ours = list.images
        .map((image) => [image.id, [...image.repoTags].sort(), image.created, image.size])
        .sort();
      const theirs = listed
        .map((image) => [
          image.Id,
          (image.RepoTags ?? []).filter((name) => !name.startsWith('<none>')).sort(),
          new Date(image.Created * 1000).toISOString(),
          image.Size,
        ])
        .sort();
      expect(ours).toEqual(theirs);
      for (const image of list.images) expect(image.sharedSize).toBe(shared.get(image.id));
    };
    let loaded: string | undefined;
    try {
      await engine.docker(['tag', fx.baseAlpha.id, tag]);
      await expectLikeEngine(
        await until((list) => row(list, fx.baseAlpha.id)?.repoTags.includes(tag) === true),
      );
      // The tag moves to another image: the one it left gets no event of its own.
      await engine.docker(['tag', fx.baseBeta.id, tag]);
      const moved = await until(
        (list) => row(list, fx.baseBeta.id)?.repoTags.includes(tag) === true,
      );
      expect(row(moved, fx.baseAlpha.id)?.repoTags).not.toContain(tag);
      await expectLikeEngine(moved);
      // A new image on a known base (shared sizes change) comes and goes.
      const [added] = await loadImages(engine, [
        {
          tags: [`${repo}/patched:1`],
          layers: [
            ...fixtureSpecs.baseAlpha.layers,
            { entries: [{ type: 'file', path: 'p.bin', content: seededBytes('p', 3000) }] },
          ],
        },
      ]);
      loaded = added?.id;
      await expectLikeEngine(await until((list) => row(list, loaded ?? '') !== undefined));
      await engine.docker(['rmi', `${repo}/patched:1`]);
      await expectLikeEngine(await until((list) => row(list, loaded ?? '') === undefined));
      expect(listImages).not.toHaveBeenCalled();
    } finally {
      listImages.mockRestore();
      await engine.docker(['rmi', tag]).catch(() => {});
      if (loaded !== undefined) await engine.docker(['rmi', '-f', loaded]).catch(() => {});
    }
  });

  it('after a container event sizes only that container again, with the engine’s figures', async () => {
    await untilKept();
    await getJson<ContainerList>('/api/containers');
    const calls = vi.spyOn(Docker.prototype, 'listContainers');
    const name = `kept-sized-${Date.now().toString(36)}`;
    try {
      await runWriter(engine, name, 100_000);
      let answer: ContainerList | null = null;
      for (let attempt = 0; attempt < 100; attempt++) {
        answer = await getJson<ContainerList>('/api/containers');
        const row = answer.containers.find((c) => c.names.includes(name));
        if (row?.state === 'exited' && (row.sizeRw ?? 0) >= 100_000) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Every row as `docker ps -a -s` gives it now.
      const engineRows = await engine.api<{ Id: string; State: string; SizeRw?: number }[]>(
        '/containers/json?all=1&size=1',
      );
      expect(answer?.containers.map((c) => [c.id, c.state, c.sizeRw]).sort()).toEqual(
        engineRows.map((c) => [c.Id, c.State, c.SizeRw ?? null]).sort(),
      );
      // Only the new container was sized: no call asked for every container's size.
      const options = calls.mock.calls.map(
        ([opts]) => opts as { size?: boolean; filters?: string },
      );
      expect(options.length).toBeGreaterThan(0);
      expect(options.filter((o) => o.size === true && o.filters === undefined)).toEqual([]);
    } finally {
      calls.mockRestore();
      await engine.docker(['rm', '-f', name]);
    }
  });

  it('asks again in the background when sizes grow without an event', async () => {
    const name = `kept-grow-${Date.now().toString(36)}`;
    // Starts, then writes a second later: the write itself raises no engine event.
    await engine.docker([
      'run',
      '-d',
      '--network',
      'none',
      '--name',
      name,
      fx.busybox.tags[0] as string,
      'sh',
      '-c',
      'sleep 1; dd if=/dev/zero of=/grown bs=1000 count=200; sleep 60',
    ]);
    try {
      await untilKept();
      const changesBefore = events.length;
      // The engine's own df figure for the container, once it has written.
      let engineBytes = 0;
      for (let attempt = 0; attempt < 100 && engineBytes < 200_000; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const df = await engine.api<{ Containers: { Names: string[]; SizeRw: number }[] }>(
          '/v1.41/system/df',
        );
        engineBytes = df.Containers.find((c) => c.Names.includes(`/${name}`))?.SizeRw ?? 0;
      }
      expect(engineBytes).toBeGreaterThanOrEqual(200_000);
      // The kept answer is re-asked once it is over a second old, and then shows the growth:
      // the engine's own total for all containers.
      const df = await engine.api<{ Containers: { SizeRw: number }[] }>('/v1.41/system/df');
      const engineTotal = df.Containers.reduce((sum, c) => sum + (c.SizeRw ?? 0), 0);
      let shown = 0;
      for (let attempt = 0; attempt < 100 && shown !== engineTotal; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        shown = (await getJson<DiskUsage>('/api/disk')).containers.totalBytes;
      }
      expect(shown).toBe(engineTotal);
      // Pages were told: the refresh found other figures.
      expect(
        events
          .slice(changesBefore)
          .some(
            (event) => event.type === 'inventory-changed' && event.resources.includes('containers'),
          ),
      ).toBe(true);
      // And the disk was measured again: the write shows in the writable layer's own figures.
      let written = 0;
      for (let attempt = 0; attempt < 100 && written < 200_000; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const list = await getJson<ContainerList>('/api/containers');
        const container = list.containers.find((c) => c.names.includes(name));
        written = container?.writableLayer?.diskBytes ?? 0;
      }
      expect(written).toBeGreaterThanOrEqual(200_000);
    } finally {
      await engine.docker(['rm', '-f', name]);
    }
  });
});

describe('docker info', () => {
  it('is one request for the callers that ask while it runs, and asked again after', async () => {
    const engineApi = app.engines.default.inventory.engine;
    const call = vi.spyOn(engineApi.client, 'call');
    try {
      const [storage, again, status] = await Promise.all([
        engineApi.storageInfo(),
        engineApi.storageInfo(),
        engineApi.status(),
      ]);
      expect(call).toHaveBeenCalledTimes(1);
      expect(again).toEqual(storage);
      expect(status.dockerRootDir).toBe(storage.dockerRootDir);
      expect(storage.dockerRootDir).toBe(engine.dataRoot);
      // Not kept: the next caller asks the engine.
      await engineApi.storageInfo();
      expect(call).toHaveBeenCalledTimes(2);
    } finally {
      call.mockRestore();
    }
  });
});

describe('GET /api/health', () => {
  it('asks docker info once while the event stream is followed, then pings the engine', async () => {
    await untilKept();
    const first = await getJson<{ status: string; engine: { dockerRootDir: string } }>(
      '/api/health',
    );
    expect(first.status).toBe('ok');
    const status = vi.spyOn(app.engines.default.inventory.engine, 'status');
    const answers = vi.spyOn(app.engines.default.inventory.engine, 'answers');
    try {
      for (let poll = 0; poll < 2; poll++) {
        expect(await getJson('/api/health')).toEqual(first);
      }
      expect(status).not.toHaveBeenCalled();
      expect(answers).toHaveBeenCalledTimes(2);
    } finally {
      status.mockRestore();
      answers.mockRestore();
    }
  });
});
