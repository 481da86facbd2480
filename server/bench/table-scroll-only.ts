/**
 * The benchmark's table scroll alone, for comparing web builds in one session:
 *
 * node --no-memory-reducer --import tsx server/bench/table-scroll-only.ts [--engine-dir DIR]
 *   [--web DIST]... [--runs N] [--table-rows N] [--trace-dir DIR] [--busy]
 *
 * Starts the kept engine of `npm run bench -- --engine-dir DIR` (its generated set must be there;
 * without it, a private engine with the tests' fixture images),
 * the built server (server/dist) once per web build (WEB_ROOT), and measures the 5,000-row images
 * table as the benchmark does, the builds alternately, `--runs` times each. With --trace-dir, each
 * scroll is also recorded as a Chrome trace and summed per frame on the renderer's main thread
 * (scripting, GC, style, layout, paint): CPU per frame depends less on the machine's load than
 * dropped frames do. --busy first asks for the duplicated files, as the benchmark's page answers
 * do before the table, and scrolls while the server computes them.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ImageList } from '@footprint/shared';
import { apiRoutes } from '@footprint/shared';
import type { Browser } from 'playwright-core';
import { DashboardServer } from '../test/helpers/dashboard-server.js';
import { loadStandardFixtures } from '../test/helpers/fixtures.js';
import { PrivateEngine } from '../test/helpers/private-engine.js';
import { summarizeFrameTrace } from './frame-trace.js';
import { getJson, pollUntil, sleep } from './http-get.js';
import { measureTableScroll } from './table-scroll.js';

/** The answer the benchmark's page answers leave computing (no answer in 120 s at 2,050 images). */
const busyPath = '/api/duplicates/files?minBytes=1024&offset=0&limit=50';

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'engine-dir': { type: 'string' },
      web: { type: 'string', multiple: true },
      runs: { type: 'string', default: '1' },
      'table-rows': { type: 'string', default: '5000' },
      'trace-dir': { type: 'string' },
      busy: { type: 'boolean', default: false },
    },
  });
  const engineDir = values['engine-dir'];
  if (engineDir !== undefined && !existsSync(join(engineDir, 'image-set.json')))
    throw new Error('--engine-dir names the kept engine of an earlier `npm run bench` run.');
  const webs = (values.web ?? [fileURLToPath(new URL('../../web/dist', import.meta.url))]).map(
    (dir) => resolve(dir),
  );
  const rows = Number(values['table-rows']);
  const runs = Number(values.runs);
  // Without a kept set: a private engine of its own with the tests' fixture images, which the
  // synthetic rows repeat (fewer distinct layers than the full set; the rows are drawn the same).
  const engine =
    engineDir === undefined ? await PrivateEngine.start() : await PrivateEngine.openKept(engineDir);
  if (engineDir === undefined) await loadStandardFixtures(engine);
  let browser: Browser | null = null;
  let server: DashboardServer | null = null;
  const stop = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch((error: unknown) => print(`stopping the server: ${String(error)}`));
    if (engineDir === undefined) await engine.destroy();
    else await engine.stopDaemon();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  try {
    for (let run = 1; run <= runs; run++) {
      for (const web of webs) {
        server = await DashboardServer.start({
          dockerHost: engine.dockerHost,
          env: { WEB_ROOT: web },
        });
        const port = server.port;
        const real = await pollUntil(
          'the image list',
          async () => {
            const answer = await getJson<ImageList>(port, apiRoutes.images);
            return answer.body.images.length > 0 ? answer.body : undefined;
          },
          { timeoutMs: 120_000 },
        );
        const trace =
          values['trace-dir'] === undefined
            ? null
            : join(values['trace-dir'], `run${run}-${web.replaceAll('/', '_')}.json`);
        if (values.busy) {
          // As in the full benchmark: its page answers leave this being computed.
          void getJson(port, busyPath, 600_000).catch(() => {});
          await sleep(5_000);
        }
        const table = await measureTableScroll(
          port,
          real,
          rows,
          (launched) => (browser = launched),
          200,
          {
            ...(trace === null ? {} : { tracePath: trace }),
            ...(server.child.pid === undefined ? {} : { serverPid: server.child.pid }),
          },
        );
        browser = null;
        print(
          `run ${run} ${web}: ${table.droppedFrames} of ${table.frames} frames dropped; ` +
            `p50 ${table.frameP50Ms.toFixed(1)} p99 ${table.frameP99Ms.toFixed(1)} max ` +
            `${table.frameMaxMs.toFixed(1)} ms; first rows ${table.firstRowsMs.toFixed(0)} ms; ` +
            `while scrolling: server ${((table.serverCpuMs ?? 0) / table.scrollMs).toFixed(2)} ` +
            `cores, machine ${table.machineBusyCores.toFixed(2)} cores busy; load average ` +
            `${table.loadAverage.toFixed(1)}`,
        );
        if (trace !== null) print(JSON.stringify(summarizeFrameTrace(trace)));
        await server.stop();
        server = null;
      }
    }
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
