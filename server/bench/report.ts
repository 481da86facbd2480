import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './run-bench.js';

export interface Target {
  name: string;
  value: string;
  target: string;
  met: boolean;
}

const ms = (value: number) =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)} ms`;
const ratio = (value: number) => `${value.toFixed(3)}×`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** The targets, each with the figure reached. */
export function targets(results: BenchResults): Target[] {
  const { cold, warm, refresh, latency, memory, bundle, table } = results;
  const list: Target[] = [
    {
      name: 'cold start / (docker system df -v + du)',
      value: `${ratio(cold.ratioToCli)} (${ms(cold.totalMs)} vs ${ms(results.cli.totalMs)})`,
      target: '≤ 1.0×',
      met: cold.ratioToCli <= 1,
    },
    {
      name: 'refresh after a new image / cold',
      value: `${ratio(refresh.newImage.ratioToCold)} (${ms(refresh.newImage.ms)})`,
      target: '≤ 0.05×',
      met: refresh.newImage.ratioToCold <= 0.05,
    },
    {
      name: 'refresh after a container write / cold',
      value: `${ratio(refresh.containerWrite.ratioToCold)} (${ms(refresh.containerWrite.ms)})`,
      target: '≤ 0.05×',
      met: refresh.containerWrite.ratioToCold <= 0.05,
    },
    {
      name: 'warm restart (state kept) / cold',
      value: `${ratio(warm.ratioToCold)} (${ms(warm.totalMs)}${warm.fromKept ? ', kept measurement' : ''})`,
      target: '≤ 0.1×',
      met: warm.ratioToCold <= 0.1,
    },
    ...(warm.pageMs !== null
      ? [
          {
            name: 'warm restart: spawn to the overview complete in Chromium',
            value:
              `${ms(warm.pageMs)}, in a browser that had the page open before` +
              (warm.freshBrowserPageMs === null
                ? ''
                : ` (${ms(warm.freshBrowserPageMs)} in one just launched)`),
            target: '≤ 1 s',
            met: warm.pageMs <= 1000,
          },
        ]
      : []),
    {
      name: 'GET /api/images p50 / p99',
      value: `${ms(latency.images.p50Ms)} / ${ms(latency.images.p99Ms)}`,
      target: 'p99 < 50 ms',
      met: latency.images.p99Ms < 50 && latency.images.non2xx === 0 && latency.images.errors === 0,
    },
    {
      name: 'GET /api/disk p50 / p99',
      value: `${ms(latency.disk.p50Ms)} / ${ms(latency.disk.p99Ms)}`,
      target: 'p99 < 50 ms',
      met: latency.disk.p99Ms < 50 && latency.disk.non2xx === 0 && latency.disk.errors === 0,
    },
    {
      name: 'server peak RSS (VmHWM)',
      value: mb(memory.peakRssBytes),
      target: '< 200 MB',
      met: memory.peakRssBytes < 200e6,
    },
    {
      name: 'web bundle, JS+CSS gzip (entry chunk)',
      value: `${kb(bundle.totalGzipBytes)} (${kb(bundle.entryGzipBytes)})`,
      target: '< 300 KB',
      met: bundle.totalGzipBytes < 300e3,
    },
  ];
  if (table !== null) {
    list.push({
      name: `${table.rows}-row table: first rows / scroll`,
      value:
        `${ms(table.firstRowsMs)} / ${ms(table.scrollMs)}, ${table.droppedFrames} of ${table.frames} frames dropped (p99 ${ms(table.frameP99Ms)}); ` +
        `while scrolling the machine had ${table.machineBusyCores.toFixed(2)} cores busy` +
        (table.serverCpuMs === null
          ? ''
          : ` (the server ${(table.serverCpuMs / table.scrollMs).toFixed(2)})`) +
        `, load ${table.loadAverage.toFixed(1)}`,
      target: 'no dropped frames',
      met: table.droppedFrames === 0,
    });
  }
  return list;
}

/**
 * Issue 17's targets for every answer a page asks for: p99 under 50 ms under load and under
 * 1 MB as a browser receives it (gzip accepted).
 */
export function pageTargets(results: BenchResults): Target[] {
  return results.pageAnswers.map((answer) => {
    const { latency } = answer;
    const size = `${kb(answer.wireBytes)} ${answer.wireEncoding} (JSON ${kb(answer.jsonBytes)}, gzip ${kb(answer.gzipBytes)})`;
    return {
      // An image's or container's 64-hex ID would make the column 200 characters wide.
      name: `GET ${answer.path.replace(/(sha256%3A)?[0-9a-f]{64}/g, '<id>')} (${answer.page})`,
      value:
        latency === null
          ? `not measured: ${answer.skipped ?? ''}`
          : `${ms(latency.p50Ms)} / ${ms(latency.p99Ms)}; ${size}`,
      target: 'p99 < 50 ms, < 1 MB',
      met:
        latency !== null &&
        latency.p99Ms < 50 &&
        latency.non2xx === 0 &&
        latency.errors === 0 &&
        answer.wireBytes < 1e6,
    };
  });
}

/**
 * The two-engine run's figures (issue 19) against the single engine's targets, per engine: its
 * cold start against the single run's, a new image against the cold start, with the other
 * engine's answers left as they were, p99 under 50 ms, peak memory under 200 MB.
 */
export function twoEngineTargets(results: BenchResults): Target[] {
  const two = results.twoEngines;
  if (two === null) return [];
  const names = new Map(two.cold.engines.map((cold) => [cold.engineId, cold.name]));
  const list: Target[] = [
    {
      name: 'two engines: cold start, both complete / single engine',
      value:
        `${ratio(two.cold.totalMs / results.cold.totalMs)} (${ms(two.cold.totalMs)}: ` +
        two.cold.engines.map((cold) => `${cold.name} ${ms(cold.totalMs)}`).join(', ') +
        `; single ${ms(results.cold.totalMs)})`,
      target: 'reported',
      met: true,
    },
  ];
  for (const refresh of two.refresh) {
    const kept = Object.entries(refresh.otherUnchanged);
    list.push({
      name: `two engines: a new image on ${names.get(refresh.engineId) ?? refresh.engineId} / cold`,
      value:
        `${ratio(refresh.ms / two.cold.totalMs)} (${ms(refresh.ms)}); the other's ` +
        kept.map(([answer, same]) => `${answer} ${same ? 'same' : 'REBUILT'}`).join(', '),
      target: '≤ 0.05×, other unchanged',
      met: refresh.ms / two.cold.totalMs <= 0.05 && kept.every(([, same]) => same),
    });
  }
  for (const latency of two.latency) {
    const scoped = /^\/api\/engines\/([^/]+)(\/.*)$/.exec(latency.path);
    const name =
      scoped === null
        ? latency.path
        : `${names.get(scoped[1] ?? '') ?? scoped[1] ?? ''}: /api/engines/<id>${scoped[2] ?? ''}`;
    list.push({
      name: `two engines: GET ${name} p50 / p99`,
      value: `${ms(latency.p50Ms)} / ${ms(latency.p99Ms)}`,
      target: 'p99 < 50 ms',
      met: latency.p99Ms < 50 && latency.non2xx === 0 && latency.errors === 0,
    });
  }
  list.push({
    name: 'two engines: server peak RSS (VmHWM)',
    value: `${mb(two.memory.peakRssBytes)} (${mb(two.memory.rssAfterColdBytes)} after the cold start)`,
    target: '< 200 MB',
    met: two.memory.peakRssBytes < 200e6,
  });
  return list;
}

/** The figures and the targets as a plain-text table. */
export function formatTable(results: BenchResults): string {
  const rows = [...targets(results), ...pageTargets(results), ...twoEngineTargets(results)];
  const header = ['measure', 'reached', 'target', ''];
  const cells = rows.map((row) => [row.name, row.value, row.target, row.met ? 'met' : 'MISSED']);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...cells].map((line) => (line[column] ?? '').length)),
  );
  const line = (values: string[]) =>
    values.map((value, i) => value.padEnd(widths[i] ?? 0)).join('  ');
  const { imageSet, cli, twoEngines } = results;
  const second = twoEngines?.second.imageSet;
  return [
    `load average at the start: ${results.machine.loadAverage.join(', ')} on ${results.machine.nproc} cores`,
    `image set: ${imageSet.images} images, ${imageSet.layers} layers, ${imageSet.files} files, ` +
      `${mb(imageSet.apparentBytes)} apparent (generated in ${ms(imageSet.generateMs)})`,
    `CLI: docker system df -v ${ms(cli.dockerSystemDfMs)}, du -x -s ${ms(cli.duMs)}` +
      (cli.gduMs !== null ? `, gdu ${ms(cli.gduMs)}` : ', gdu not installed') +
      ` (after an untimed du that warmed the page cache: ${ms(cli.warmUpMs)})`,
    ...(second === undefined
      ? []
      : [
          `second engine (two-engine run): ${second.images} images, ${second.layers} layers, ` +
            `${second.files} files, ${mb(second.apparentBytes)} apparent`,
        ]),
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.map(line),
  ].join('\n');
}

/** Writes latest.json and a dated copy; returns the paths. */
export function writeResults(results: BenchResults, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(
    {
      ...results,
      targets: targets(results),
      pageTargets: pageTargets(results),
      twoEngineTargets: twoEngineTargets(results),
    },
    null,
    2,
  )}\n`;
  const dated = join(dir, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  const paths = [join(dir, 'latest.json'), dated];
  for (const path of paths) writeFileSync(path, json);
  return paths;
}
