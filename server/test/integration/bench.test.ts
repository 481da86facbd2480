import { describe, expect, it } from 'vitest';
import { formatTable, targets } from '../../bench/report.js';
import { runBench } from '../../bench/run-bench.js';

/*
 * `npm run bench` at the small size, Chromium part included, only to show that it runs and
 * reports every figure. It asserts no duration: the figures are the benchmark's business.
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
  'table.firstRowsMs',
  'table.scrollMs',
  'table.frameP50Ms',
  'table.frameP99Ms',
  'table.idleFrameP50Ms',
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
    },
  );
});
