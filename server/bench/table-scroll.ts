import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { ImageList, ImageSummary, LayerList } from '@footprint/shared';
import { apiRoutes } from '@footprint/shared';
import { type Browser, chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/helpers/chromium.js';

export interface TableScroll {
  rows: number;
  /** Navigation start until the first image rows are in the DOM. */
  firstRowsMs: number;
  /** Scrolling the table's scroll container from top to bottom, a fixed step per frame. */
  scrollMs: number;
  scrollStepPx: number;
  frames: number;
  /** Frame intervals over 1.5 × 16.7 ms. */
  droppedFrames: number;
  frameP50Ms: number;
  frameP99Ms: number;
  frameMaxMs: number;
  /** Frame interval p50 with the table shown but not scrolled: this browser's own pace. */
  idleFrameP50Ms: number;
  /**
   * CPU time the server used (all its threads) while the table scrolled: on 2 cores, a server
   * still busy with an earlier answer takes the core the renderer needs.
   */
  serverCpuMs: number | null;
  /** The machine's 1-minute load average as the scroll began. */
  loadAverage: number;
  /**
   * Cores the whole machine kept busy while the table scrolled (/proc/stat): above about 1.5 of
   * 2, the renderer waits for a core and frames drop whatever the page does.
   */
  machineBusyCores: number;
}

/** Busy and total CPU ticks of the whole machine so far (/proc/stat's first line). */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  // idle and iowait are the 4th and 5th fields.
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

/** User plus system CPU time of a process and all its threads so far, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces), counted from the state field (3rd).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicksPerSecond;
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK); Node does not expose it). */
const clockTicksPerSecond = 100;

const droppedOverMs = 1.5 * 16.7;

/**
 * DevTools' timeline categories, what its Performance panel shows per frame, without its JS
 * sampling (v8, disabled-by-default-v8.cpu_profiler), which cost more than a frame's budget here.
 */
const traceCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
];

/*
 * Page scripts as source text: the server's TypeScript has no DOM types. The first records when
 * image rows appear; the second scrolls the table's scroll container by `step` px per frame to
 * the bottom and returns every frame's requestAnimationFrame timestamp.
 */
const recordFirstRows = `
  new MutationObserver((_, observer) => {
    if (window.firstRowsAt === undefined && document.querySelector('tr[data-image-id]')) {
      window.firstRowsAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;
const idleFrames = `(count) => new Promise((resolve) => {
  const times = [];
  const frame = (time) => {
    times.push(time);
    if (times.length >= count) resolve(times);
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})`;
const scrollToBottom = `(step) => new Promise((resolve, reject) => {
  const scroller = document.querySelector('.virtual-scroll');
  if (scroller === null) return reject(new Error('No .virtual-scroll container.'));
  const times = [];
  const frame = (time) => {
    times.push(time);
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) resolve(times);
    else {
      scroller.scrollTop += step;
      requestAnimationFrame(frame);
    }
  };
  requestAnimationFrame(frame);
})`;

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** `count` images shaped exactly like the API's: the real ones repeated, IDs and tags perturbed. */
export function syntheticImages(real: ImageSummary[], count: number): ImageSummary[] {
  if (real.length === 0) throw new Error('No real images to repeat.');
  return Array.from({ length: count }, (_, index) => {
    const image = real[index % real.length] as ImageSummary;
    const round = Math.floor(index / real.length);
    if (round === 0) return image;
    const scale = 1 + ((index * 7919) % 1000) / 1000;
    const size = Math.round(image.size * scale);
    const sharedSize = Math.min(size, image.sharedSize);
    return {
      ...image,
      id: sha256(`${image.id}:${round}`),
      repoTags: image.repoTags.map((tag) => `${tag}-r${round}`),
      repoDigests: [],
      size,
      sharedSize,
      uniqueSize: size - sharedSize,
    };
  });
}

/**
 * The real layer list with every synthetic copy named wherever the real image it repeats is: the
 * list carries no chain IDs, so this is how a copy gets its layers (and its on-disk bytes).
 */
export function syntheticLayers(
  list: LayerList,
  real: readonly ImageSummary[],
  images: readonly ImageSummary[],
): LayerList {
  const copies = new Map<string, string[]>();
  images.forEach((image, index) => {
    const source = (real[index % real.length] as ImageSummary).id;
    if (image.id !== source) copies.set(source, [...(copies.get(source) ?? []), image.id]);
  });
  const withCopies = (ids: string[]) => ids.flatMap((id) => [id, ...(copies.get(id) ?? [])]);
  return {
    ...list,
    layers: list.layers.map((layer) => ({
      ...layer,
      images: withCopies(layer.images),
      topOf: withCopies(layer.topOf),
    })),
  };
}

function intervalsOf(stamps: number[]): number[] {
  return stamps.slice(1).map((time, index) => time - (stamps[index] as number));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/**
 * Opens /images of the real server's built UI with GET /api/images answered by `rows`
 * synthetic images (and GET /api/layers naming them), then scrolls the virtualized table to the
 * bottom, one step per frame.
 */
export async function measureTableScroll(
  port: number,
  real: ImageList,
  rows: number,
  register: (browser: Browser) => void,
  scrollStepPx = 200,
  options: {
    /** Write a Chrome trace of the scroll here (table-scroll-only.ts sums it per frame). */
    tracePath?: string;
    /** The server's pid: its CPU time while the table scrolls goes into the result. */
    serverPid?: number;
  } = {},
): Promise<TableScroll> {
  const { tracePath, serverPid } = options;
  const browser = await chromium.launch(chromiumLaunchOptions);
  register(browser);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const images = syntheticImages(real.images, rows);
  const body = JSON.stringify({ ...real, images });
  await page.route(
    (url) => url.pathname === apiRoutes.images,
    (route) => route.fulfill({ status: 200, contentType: 'application/json', body }),
  );
  await page.route(
    (url) => url.pathname === apiRoutes.layers,
    async (route) => {
      const response = await route.fetch();
      if (!response.ok()) return route.fulfill({ response });
      const list = (await response.json()) as LayerList;
      // Headers of our own: the server's may say gzip, and this body is not.
      return route.fulfill({ status: 200, json: syntheticLayers(list, real.images, images) });
    },
  );
  await page.addInitScript(recordFirstRows);
  await page.goto(`http://127.0.0.1:${port}/images`);
  await page.waitForSelector('tr[data-image-id]', { timeout: 60_000 });
  const rowCount = await page.getAttribute('table.images-table', 'aria-rowcount');
  if (Number(rowCount) !== rows + 2)
    throw new Error(`The table has aria-rowcount ${rowCount}, expected ${rows + 2}.`);
  const firstRowsMs = await page.evaluate<number>('window.firstRowsAt');
  const idle = intervalsOf(await page.evaluate<number[]>(`(${idleFrames})(60)`)).sort(
    (a, b) => a - b,
  );
  if (tracePath !== undefined)
    await browser.startTracing(page, { path: tracePath, categories: traceCategories });
  const cpuBefore = serverPid === undefined ? 0 : processCpuMs(serverPid);
  const [loadAverage = 0] = loadavg();
  const machineBefore = machineTicks();
  const scrollStart = performance.now();
  const stamps = await page.evaluate<number[]>(`(${scrollToBottom})(${scrollStepPx})`);
  const scrollWallMs = performance.now() - scrollStart;
  const machineAfter = machineTicks();
  const serverCpuMs = serverPid === undefined ? null : processCpuMs(serverPid) - cpuBefore;
  if (tracePath !== undefined) await browser.stopTracing();
  await page.waitForSelector(`tr[data-index="${rows - 1}"]`, { timeout: 10_000 });
  // A GET /api/layers the page asked for late, still in its route when the browser closes,
  // rejected unhandled and ended a benchmark run: such a request is let go quietly.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await browser.close();

  const intervals = intervalsOf(stamps);
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    rows,
    firstRowsMs,
    scrollMs: (stamps.at(-1) ?? 0) - (stamps[0] ?? 0),
    scrollStepPx,
    frames: stamps.length,
    droppedFrames: intervals.filter((interval) => interval > droppedOverMs).length,
    frameP50Ms: percentile(sorted, 50),
    frameP99Ms: percentile(sorted, 99),
    frameMaxMs: sorted.at(-1) ?? 0,
    idleFrameP50Ms: percentile(idle, 50),
    serverCpuMs,
    loadAverage,
    machineBusyCores:
      ((machineAfter.busy - machineBefore.busy) * 1000) / clockTicksPerSecond / scrollWallMs,
  };
}
