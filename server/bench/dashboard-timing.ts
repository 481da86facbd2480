import type { ContainerList, DiskUsage, ImageList } from '@footprint/shared';
import type { Browser } from 'playwright-core';
import { apiRoutes } from '@footprint/shared';
import { runWriter } from '../test/helpers/fixtures.js';
import { imageArchive } from '../test/helpers/image-archive.js';
import type { PrivateEngine } from '../test/helpers/private-engine.js';
import type { DashboardServer } from '../test/helpers/dashboard-server.js';
import { getJson, pollUntil } from './http-get.js';

const polling = { intervalMs: 20, timeoutMs: 10 * 60_000 };

/** Maps an unscoped API path to the one asked: itself, or an engine's scoped twin. */
export type RouteOf = (path: string) => string;
const unscoped: RouteOf = (path) => path;

export interface ColdStart {
  /** Spawn until GET /api/images answered with the whole inventory. */
  imagesMs: number;
  /** Spawn until GET /api/disk reported a finished scan with the data root's breakdown. */
  diskMs: number;
  /** The later of the two: a complete inventory with disk figures. */
  totalMs: number;
  images: number;
  scannedDiskBytes: number;
}

export interface Refresh {
  /** From the docker command's return until the dashboard shows its effect. */
  ms: number;
  /** The docker command itself (load, or run). */
  commandMs: number;
  /** The image or container the measurement made, for a kept engine to remove. */
  leftover: string;
}

/**
 * Polls GET /api/images and GET /api/disk side by side from the spawn until both are complete,
 * every 20 ms as the refreshes are: at 100 ms the poll alone added 50 ms on average.
 */
export async function timeColdStart(
  server: DashboardServer,
  expectedImages: number,
  at: RouteOf = unscoped,
): Promise<ColdStart> {
  const images = pollUntil(
    `GET ${at(apiRoutes.images)} to list every image`,
    async () => {
      const answer = await getJson<ImageList>(server.port, at(apiRoutes.images));
      if (answer.status !== 200 || answer.body.images.length < expectedImages) return undefined;
      return { ms: performance.now() - server.startedAt, count: answer.body.images.length };
    },
    polling,
  );
  const disk = pollUntil(
    `GET ${at(apiRoutes.disk)} to report a finished scan`,
    async () => {
      const answer = await getJson<DiskUsage>(server.port, at(apiRoutes.disk));
      if (answer.status !== 200) return undefined;
      const { measurement, dataRoot } = answer.body;
      if (measurement.scan.state === 'failed' || measurement.scan.state === 'unavailable')
        throw new Error(`The scan ended ${measurement.scan.state}: ${measurement.reason}`);
      if (measurement.scan.state !== 'done' || dataRoot === null) return undefined;
      return { ms: performance.now() - server.startedAt, diskBytes: dataRoot.diskBytes };
    },
    polling,
  );
  const [listed, scanned] = await Promise.all([images, disk]);
  return {
    imagesMs: listed.ms,
    diskMs: scanned.ms,
    totalMs: Math.max(listed.ms, scanned.ms),
    images: listed.count,
    scannedDiskBytes: scanned.diskBytes,
  };
}

export interface WarmStart {
  /** Spawn until GET /api/images answered with the whole inventory. */
  imagesMs: number;
  /** Spawn until GET /api/disk answered with the data root measured, kept or scanned. */
  diskMs: number;
  /** The later of the two. */
  totalMs: number;
  /** Whether that first measured answer was the kept measurement (else a finished scan). */
  fromKept: boolean;
}

/**
 * A restart with the state dir kept: spawn until GET /api/images lists every image and GET
 * /api/disk reports the data root measured, from the kept measurement or a finished scan
 * (whichever comes first; the kept one says so in measurement.kept).
 */
export async function timeWarmStart(
  server: DashboardServer,
  expectedImages: number,
): Promise<WarmStart> {
  const images = pollUntil(
    'GET /api/images to list every image',
    async () => {
      const answer = await getJson<ImageList>(server.port, apiRoutes.images);
      if (answer.status !== 200 || answer.body.images.length < expectedImages) return undefined;
      return performance.now() - server.startedAt;
    },
    polling,
  );
  const disk = pollUntil(
    'GET /api/disk to report a measured data root',
    async () => {
      const answer = await getJson<DiskUsage>(server.port, apiRoutes.disk);
      if (answer.status !== 200) return undefined;
      const { measurement, dataRoot } = answer.body;
      if (measurement.scan.state === 'failed' || measurement.scan.state === 'unavailable')
        throw new Error(`The scan ended ${measurement.scan.state}: ${measurement.reason}`);
      if (!measurement.measured || dataRoot === null) return undefined;
      return {
        ms: performance.now() - server.startedAt,
        fromKept: measurement.kept,
      };
    },
    polling,
  );
  const [imagesMs, measured] = await Promise.all([images, disk]);
  return {
    imagesMs,
    diskMs: measured.ms,
    totalMs: Math.max(imagesMs, measured.ms),
    fromKept: measured.fromKept,
  };
}

/*
 * The overview complete in the page: the data root's figure measured, the top images listed,
 * the image layers' unique bytes and the unused images' reclaimable bytes shown (the layer
 * figures, which no loading panel stands for), the category chart drawn, and no panel still
 * loading. Source text: the server's TypeScript has no DOM types.
 */
export const overviewComplete = `() => {
  const page = document.querySelector('.page.overview');
  return page !== null &&
    page.querySelector('.loading') === null &&
    page.querySelector('[data-figure="data-root"][data-disk-bytes]') !== null &&
    page.querySelector('.top-images tbody tr') !== null &&
    page.querySelector('tr[data-category="image-unique"] td[data-bytes]') !== null &&
    page.querySelector('[data-kind="unused-images"] [data-bytes]') !== null &&
    page.querySelector('svg.chart-surface') !== null;
}`;

/**
 * A warm restart as a person sees it: the browser is open, the server is spawned, and its URL
 * opened as soon as it prints it; from the spawn until the overview page is complete.
 */
export async function timeWarmPage(server: DashboardServer, browser: Browser): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.goto(server.baseURL);
    await page.waitForFunction(overviewComplete, undefined, { polling: 'raf', timeout: 120_000 });
    return performance.now() - server.startedAt;
  } finally {
    await page.close();
  }
}

/** `docker load` of one new small image, then GET /api/images (or its twin) until it is listed. */
export async function timeNewImage(
  server: DashboardServer,
  engine: PrivateEngine,
  at: RouteOf = unscoped,
): Promise<Refresh> {
  const { archive, images } = await imageArchive([
    {
      tags: [`bench/refresh:${Date.now().toString(36)}`],
      layers: [
        { entries: [{ type: 'file', path: 'refresh/new.txt', content: `new ${Date.now()}` }] },
      ],
    },
  ]);
  const id = images[0]?.id as string;
  const start = performance.now();
  await engine.docker(['load', '-q'], { input: archive });
  const loaded = performance.now();
  await pollUntil(
    `the new image in GET ${at(apiRoutes.images)}`,
    async () => {
      const answer = await getJson<ImageList>(server.port, at(apiRoutes.images));
      return answer.body.images.some((image) => image.id === id) ? true : undefined;
    },
    polling,
  );
  return { ms: performance.now() - loaded, commandMs: loaded - start, leftover: id };
}

const writtenBytes = 1_000_000;

/**
 * `docker run` of busybox writing 1 MB into its writable layer, then GET /api/disk until a scan
 * that started after the previous one finished, and GET /api/containers until that scan measured
 * the new container's writable layer with the file in it.
 */
export async function timeContainerWrite(
  server: DashboardServer,
  engine: PrivateEngine,
): Promise<Refresh> {
  const before = await getJson<DiskUsage>(server.port, apiRoutes.disk);
  const previousScan = before.body.measurement.scan.scanId;
  const name = `bench-write-${Date.now().toString(36)}`;
  const start = performance.now();
  await runWriter(engine, name, writtenBytes);
  const ran = performance.now();
  await pollUntil(
    'a newer finished scan that measured the container write',
    async () => {
      const disk = await getJson<DiskUsage>(server.port, apiRoutes.disk);
      const scan = disk.body.measurement.scan;
      if (scan.state !== 'done' || scan.scanId === previousScan) return undefined;
      const list = await getJson<ContainerList>(server.port, apiRoutes.containers);
      const container = list.body.containers.find((c) => c.names.includes(name));
      return (container?.writableLayer?.diskBytes ?? 0) >= writtenBytes ? true : undefined;
    },
    polling,
  );
  return { ms: performance.now() - ran, commandMs: ran - start, leftover: name };
}
