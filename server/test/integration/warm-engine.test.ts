import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ContainerList,
  DiskUsage,
  Health,
  ImageList,
  ImageRemovalList,
  RemovalPreview,
  ServerEvent,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { summarizeDiskUsage } from '../../src/domain/disk-usage.js';
import { toDiskUsageSnapshot } from '../../src/engine/mappers.js';
import type { RawDiskUsage } from '../../src/engine/raw-types.js';
import { loadImages, repo } from '../helpers/fixtures.js';
import { seededBytes } from '../helpers/image-archive.js';
import {
  type RawDf,
  appOnPrivateEngine,
  expectImagesAsDf,
  privateEngine,
  testToken,
} from './context.js';
import { listen, session } from './raw-http.js';

/*
 * A restart with the state dir kept answers the pages with the engine's answers kept from
 * before (issue #17, "start fast": at 2,000 images the engine takes seconds for them), labelled
 * kept with the time they were asked, while the engine is asked in the background; its answer
 * replaces them, with the usual event, and then every figure is the engine's own.
 */

const engine = privateEngine();
const stateDir = mkdtempSync(join(tmpdir(), 'fp-warm-engine-'));
const answersFile = join(stateDir, 'engine-answers.json');
type App = Awaited<ReturnType<typeof appOnPrivateEngine>>;

function newApp(): Promise<App> {
  return appOnPrivateEngine(engine, { stateDir, watchEngine: false });
}

async function getJson<T>(app: App, url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** Resolves with the first inventory-changed event naming `resource`. */
function nextChange(app: App, resource: string): Promise<ServerEvent> {
  return new Promise((resolve) => {
    const stop = app.engines.default.events.subscribe((event) => {
      if (event.type === 'inventory-changed' && event.resources.some((r) => r === resource)) {
        stop();
        resolve(event);
      }
    });
  });
}

/** The first server's answers, as the engine gave them. */
let before: ImageList;
let beforeDisk: DiskUsage;
let beforeContainers: ContainerList;

beforeAll(async () => {
  const first = await newApp();
  try {
    before = await getJson<ImageList>(first, '/api/images');
    beforeDisk = await getJson<DiskUsage>(first, '/api/disk');
    beforeContainers = await getJson<ContainerList>(first, '/api/containers');
    expect(beforeContainers.engineKeptAt).toBeUndefined();
    expect(before.kept).toBeUndefined();
    expect(beforeDisk.engineKept).toBeUndefined();
  } finally {
    // Closing writes the kept answers (they are otherwise written a moment after an answer).
    await first.close();
  }
});

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('a warm restart', () => {
  it('lists the kept images, labelled kept, while the engine is stopped, and says it is away', async () => {
    await engine.stopDaemon();
    let app: App | null = null;
    try {
      app = await newApp();
      const list = await getJson<ImageList>(app, '/api/images');
      expect(list.kept?.askedAt).toBeDefined();
      expect(Date.parse(list.kept?.askedAt ?? '')).toBeLessThanOrEqual(Date.now());
      expect(list.images.map((image) => image.id).sort()).toEqual(
        before.images.map((image) => image.id).sort(),
      );
      expect(list.images.map((image) => image.size)).toEqual(
        before.images.map((image) => image.size),
      );
      // The page's banner: the engine is away.
      const health = await getJson<Health>(app, '/api/health');
      expect(health.status).toBe('engine-unreachable');
      // An idle filter inspects the images it lists: never from the kept list.
      const filtered = await app.inject({ method: 'GET', url: '/api/images?unusedForDays=1' });
      expect(filtered.statusCode).toBe(503);
    } finally {
      await app?.close();
      await engine.startDaemon();
    }
  });

  it('answers from the kept answers before the engine, then with the engine’s own and an event', async () => {
    // An image loaded while no server ran.
    const [loaded] = await loadImages(engine, [
      {
        tags: [`${repo}/warm-loaded:${Date.now().toString(36)}`],
        layers: [
          {
            entries: [
              { type: 'file', path: 'warm.bin', content: seededBytes('warm-engine', 40_000) },
            ],
          },
        ],
      },
    ]);
    const app = await newApp();
    try {
      const listImages = vi.spyOn(app.engines.default.inventory.engine, 'listImages');
      const imagesChanged = nextChange(app, 'images');
      const diskChanged = nextChange(app, 'disk');
      const containersChanged = nextChange(app, 'containers');
      const list = await getJson<ImageList>(app, '/api/images');
      // The kept list: the image loaded meanwhile is not in it; the engine is asked meanwhile.
      expect(list.kept).toBeDefined();
      expect(list.images.some((image) => image.id === loaded?.id)).toBe(false);
      expect(list.images.map((image) => image.id).sort()).toEqual(
        before.images.map((image) => image.id).sort(),
      );
      const disk = await getJson<DiskUsage>(app, '/api/disk');
      expect(disk.engineKept).toBe(true);
      expect(disk.engineMeasuredAt).toBe(beforeDisk.engineMeasuredAt);
      expect(disk.images).toEqual(beforeDisk.images);
      const containers = await getJson<ContainerList>(app, '/api/containers');
      expect(containers.engineKeptAt).toBeDefined();
      expect(containers.containers.map((c) => [c.id, c.sizeRw])).toEqual(
        beforeContainers.containers.map((c) => [c.id, c.sizeRw]),
      );

      await imagesChanged;
      expect(listImages).toHaveBeenCalled();
      const after = await getJson<ImageList>(app, '/api/images');
      expect(after.kept).toBeUndefined();
      expect(after.images.some((image) => image.id === loaded?.id)).toBe(true);
      expectImagesAsDf(after.images, await engine.api<RawDf>('/v1.41/system/df'));

      await diskChanged;
      // The image layers' answer and the df rows' each publish one when they are in: until
      // the rows are the engine's.
      let fresh = await getJson<DiskUsage>(app, '/api/disk');
      for (let attempt = 0; attempt < 200 && fresh.engineKept === true; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        fresh = await getJson<DiskUsage>(app, '/api/disk');
      }
      expect(fresh.engineKept).toBeUndefined();
      expect(Date.parse(fresh.engineMeasuredAt)).toBeGreaterThan(
        Date.parse(beforeDisk.engineMeasuredAt),
      );
      const df = summarizeDiskUsage(
        toDiskUsageSnapshot(await engine.api<RawDiskUsage>('/v1.41/system/df')),
        fresh.engineMeasuredAt,
      );
      expect(fresh.images).toEqual(df.images);
      expect(fresh.containers).toEqual(df.containers);
      expect(fresh.volumes).toEqual(df.volumes);
      expect(fresh.buildCache).toEqual(df.buildCache);
      await containersChanged;
      const freshContainers = await getJson<ContainerList>(app, '/api/containers');
      expect(freshContainers.engineKeptAt).toBeUndefined();
      const ids = (await engine.docker(['ps', '-a', '-q', '--no-trunc'])).trim().split('\n');
      expect(freshContainers.containers.map((c) => c.id).sort()).toEqual(
        ids.filter((id) => id !== '').sort(),
      );
      listImages.mockRestore();
    } finally {
      await app.close();
      await engine.docker(['rmi', loaded?.id ?? 'none']).catch(() => {});
    }
    // Closing kept the engine's latest answers: the next start lists the loaded image too.
    const kept = JSON.parse(readFileSync(answersFile, 'utf8')) as {
      images: { value: { id: string }[] };
    };
    expect(kept.images.value.some((image) => image.id === loaded?.id)).toBe(true);
  });

  it('serves nothing kept for another engine or data root, nor from a damaged file', async () => {
    const file = JSON.parse(readFileSync(answersFile, 'utf8')) as Record<string, unknown>;
    for (const changed of [
      { ...file, engineId: 'another-engine' },
      { ...file, dockerRootDir: '/elsewhere' },
      { ...file, version: 2 },
    ]) {
      writeFileSync(answersFile, JSON.stringify(changed));
      const app = await newApp();
      try {
        const list = await getJson<ImageList>(app, '/api/images');
        expect(list.kept).toBeUndefined();
        expectImagesAsDf(list.images, await engine.api<RawDf>('/v1.41/system/df'));
      } finally {
        await app.close();
      }
    }
    writeFileSync(answersFile, '{"version":1,');
    const app = await newApp();
    try {
      expect((await getJson<ImageList>(app, '/api/images')).kept).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('never removes on the strength of a kept list: an image gone meanwhile is not found', async () => {
    const [gone] = await loadImages(engine, [
      {
        tags: [`${repo}/warm-gone:${Date.now().toString(36)}`],
        layers: [{ entries: [{ type: 'file', path: 'gone.bin', content: 'gone\n' }] }],
      },
    ]);
    const id = gone?.id ?? 'none';
    const first = await newApp();
    try {
      // The kept list of the previous test's server first, then the engine's, with the image.
      const changed = nextChange(first, 'images');
      let listed = await getJson<ImageList>(first, '/api/images');
      if (listed.kept !== undefined) {
        await changed;
        listed = await getJson<ImageList>(first, '/api/images');
      }
      expect(listed.kept).toBeUndefined();
      expect(listed.images.some((image) => image.id === id)).toBe(true);
    } finally {
      await first.close();
    }
    // Removed while no server ran: the kept list still has it.
    await engine.docker(['rmi', id]);
    const app = await newApp();
    try {
      const kept = await getJson<ImageList>(app, '/api/images');
      expect(kept.kept).toBeDefined();
      expect(kept.images.some((image) => image.id === id)).toBe(true);
      const browser = await session(await listen(app), testToken);
      const preview = await browser.send('POST', '/api/images/remove/preview', { ids: [id] });
      // The preview asks the engine: the image is not there, so removing it frees nothing.
      expect(preview.status, preview.body).toBe(200);
      expect(preview.json<RemovalPreview>()).toMatchObject({ images: [], totalBytes: 0 });
      const removal = await browser.send('POST', '/api/images/remove', { ids: [id] });
      expect(removal.status, removal.body).toBe(200);
      expect(removal.json<ImageRemovalList>().results).toEqual([
        expect.objectContaining({ id, outcome: 'not-found', code: 'IMAGE_NOT_FOUND' }),
      ]);
    } finally {
      await app.close();
    }
  });
});
