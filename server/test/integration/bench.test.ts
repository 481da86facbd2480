import { describe, expect, it } from 'vitest';
import { formatTable, targets, twoEngineTargets } from '../../bench/report.js';
import { runBench } from '../../bench/run-bench.js';

/*
 * `npm run bench` at the small size, Chromium part included, and its two-engine run with a tiny
 * second engine, only to show that it runs and reports every figure. It asserts no duration:
 * the figures are the benchmark's business.
 */

function figure(results: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], results);
}

const durations = [
  'imageSet.generateMs',
  'cli.dockerSystemDfMs',
  'cli.duMs',
  'cli.totalMs',
  'cold.imagesMs',
  'cold.diskMs',
  'cold.totalMs',
  'cold.ratioToCli',
  'refresh.newImage.ms',
  'refresh.newImage.commandMs',
  'refresh.newImage.ratioToCold',
  'refresh.containerWrite.ms',
  'refresh.containerWrite.commandMs',
  'refresh.containerWrite.ratioToCold',
  'warm.totalMs',
  'warm.pageMs',
  'warm.freshBrowserPageMs',
  'table.firstRowsMs',
  'table.scrollMs',
  'table.frameP50Ms',
  'table.frameP99Ms',
  'table.idleFrameP50Ms',
  'twoEngines.cold.totalMs',
  'twoEngines.second.imageSet.generateMs',
];
const amounts = [
  'imageSet.images',
  'imageSet.files',
  'cli.duDiskBytes',
  'cold.images',
  'cold.scannedDiskBytes',
  'latency.images.requests',
  'latency.disk.requests',
  'memory.peakRssBytes',
  'bundle.totalGzipBytes',
  'bundle.entryGzipBytes',
  'table.rows',
  'table.frames',
  'twoEngines.second.imageSet.images',
  'twoEngines.memory.rssAfterColdBytes',
  'twoEngines.memory.peakRssBytes',
];
/** Milliseconds at autocannon's 1 ms resolution: a kept answer can take 0. */
const latencies = [
  'latency.images.p50Ms',
  'latency.images.p99Ms',
  'latency.disk.p50Ms',
  'latency.disk.p99Ms',
];
const counts = [
  ...latencies,
  'latency.images.non2xx',
  'latency.images.errors',
  'latency.disk.non2xx',
  'latency.disk.errors',
  'table.droppedFrames',
];

describe('npm run bench (small)', () => {
  it(
    'measures every figure side by side and stops what it started',
    { timeout: 300_000 },
    async () => {
      const results = await runBench({
        size: 'small',
        seed: 7,
        build: 'if-missing',
        tableRows: 300,
        load: { connections: 4, durationSeconds: 1 },
        serverNodeArgs: [],
        engineDir: null,
        secondEngine: { size: 'tiny' },
        log: () => {},
      });

      for (const path of [...durations, ...amounts]) {
        const value = figure(results, path);
        expect
          .soft(
            typeof value === 'number' && Number.isFinite(value) && value > 0,
            `${path}: ${String(value)}`,
          )
          .toBe(true);
      }
      for (const path of counts) {
        const value = figure(results, path);
        expect
          .soft(Number.isInteger(value) && (value as number) >= 0, `${path}: ${String(value)}`)
          .toBe(true);
      }
      expect(targets(results)).toHaveLength(10);
      expect(formatTable(results)).toContain('cold start');

      // The two-engine run: both engines complete, each listing what its engine holds.
      const two = results.twoEngines;
      expect(two).not.toBeNull();
      if (two === null) return;
      expect(two.cold.engines.map((cold) => cold.name)).toEqual(['default', 'second']);
      // The first holds the single run's new image too; the second its set, busybox and a build.
      expect(two.cold.engines[0]?.images).toBe(results.cold.images + 1);
      expect(two.cold.engines[1]?.images).toBe(two.second.imageSet.images + 2);
      for (const cold of two.cold.engines) {
        expect.soft(cold.scannedDiskBytes, cold.name).toBeGreaterThan(0);
        expect.soft(cold.totalMs, cold.name).toBeGreaterThan(0);
      }
      // A new image on each engine, and the other engine's kept answers not rebuilt for it.
      expect(two.refresh.map((refresh) => refresh.engineId)).toEqual(
        two.cold.engines.map((cold) => cold.engineId),
      );
      for (const refresh of two.refresh) {
        expect.soft(refresh.ms, refresh.engineId).toBeGreaterThan(0);
        expect(refresh.otherUnchanged).toEqual({ images: true, disk: true, layers: true });
      }
      // Each engine's scoped images, disk and layers, then the engine list, all answered 200.
      const [first, second] = two.cold.engines.map((cold) => cold.engineId);
      expect(two.latency.map((latency) => latency.path)).toEqual([
        `/api/engines/${first}/images`,
        `/api/engines/${first}/disk`,
        `/api/engines/${first}/layers`,
        `/api/engines/${second}/images`,
        `/api/engines/${second}/disk`,
        `/api/engines/${second}/layers`,
        '/api/engines',
      ]);
      for (const latency of two.latency) {
        expect.soft(latency.requests, latency.path).toBeGreaterThan(0);
        expect.soft(latency.non2xx + latency.errors, latency.path).toBe(0);
      }
      expect(twoEngineTargets(results)).toHaveLength(1 + 2 + 7 + 1);
      expect(formatTable(results)).toContain('two engines');
    },
  );
});
