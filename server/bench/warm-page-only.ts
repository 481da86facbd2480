/**
 * The benchmark's warm page alone, with where its time goes, for comparing server builds:
 *
 * node --no-memory-reducer --import tsx server/bench/warm-page-only.ts --engine-dir DIR
 *   [--server BUNDLE[,WEB_DIST]]... [--runs N] [--cpu-prof DIR]
 *
 * Starts the kept engine of `npm run bench -- --engine-dir DIR`, fills a state dir with one cold
 * start of the first server bundle (until its scan is done and the engine's answers are kept),
 * then, after one uncounted start of each (which writes its code cache), `--runs` times for each
 * bundle alternately, restarts the server on its own copy of that state dir with the browser
 * open and times the overview as the benchmark does (spawn until the page is complete). Each
 * run prints when the server printed its address, when the page's document came, and when each
 * API answer the page asked for began and ended, all from the spawn.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { codeCacheDir, codeCacheFile } from '../src/code-cache.js';
import { chromiumLaunchOptions } from '../test/helpers/chromium.js';
import { DashboardServer } from '../test/helpers/dashboard-server.js';
import { PrivateEngine } from '../test/helpers/private-engine.js';
import { overviewComplete, timeColdStart } from './dashboard-timing.js';

const print = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;

interface Asked {
  url: string;
  startMs: number;
  endMs: number | null;
  status: number | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'engine-dir': { type: 'string' },
      server: { type: 'string', multiple: true },
      runs: { type: 'string', default: '3' },
      'cpu-prof': { type: 'string' },
    },
  });
  const engineDir = values['engine-dir'];
  if (engineDir === undefined || !existsSync(join(engineDir, 'image-set.json')))
    throw new Error('--engine-dir names the kept engine of an earlier `npm run bench` run.');
  // Each build: its server bundle, and the web build it serves (default: the bundle's own).
  const builds = (
    values.server ?? [fileURLToPath(new URL('../dist/server.bundle.js', import.meta.url))]
  ).map((spec) => {
    const [script, web] = spec.split(',') as [string, string | undefined];
    const env: Record<string, string> = web === undefined ? {} : { WEB_ROOT: resolve(web) };
    return { script: resolve(script), env };
  });
  const runs = Number(values.runs);
  // The warm restarts' CPU profiles (every thread), to see where the server's start goes.
  const profile = values['cpu-prof'];
  const nodeArgs = profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`];
  const engine = await PrivateEngine.openKept(engineDir);
  const stateDir = mkdtempSync(join(tmpdir(), 'fp-warm-page-'));
  // Each build restarts on its own copy of the filled state dir: a start keeps one code cache
  // per state dir (its bundle's), so builds sharing one would each start without theirs.
  const stateDirs = builds.map((_, index) => `${stateDir}-${index}`);
  let browser: Browser | null = null;
  let server: DashboardServer | null = null;
  const stop = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch((error: unknown) => print(`stopping the server: ${String(error)}`));
    await engine.stopDaemon();
    for (const dir of [stateDir, ...stateDirs]) rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  try {
    const images = (await engine.api<unknown[]>('/images/json?all=1')).length;
    server = await DashboardServer.start({
      dockerHost: engine.dockerHost,
      stateDir,
      ...(builds[0] as (typeof builds)[number]),
    });
    const cold = await timeColdStart(server, images);
    print(`cold start to fill the state dir: ${ms(cold.totalMs)}`);
    await server.stop();
    server = null;
    for (const dir of stateDirs) cpSync(stateDir, dir, { recursive: true });
    browser = await chromium.launch(chromiumLaunchOptions);
    // Run 0 writes each build's code cache (the first start of a bundle has none): not counted.
    for (let run = 0; run <= runs; run++) {
      // A, B, then B, A: the build that follows another's stop is not always the same one.
      const order = [...builds.entries()];
      if (run % 2 === 0) order.reverse();
      for (const [index, { script, env }] of order) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        server = await DashboardServer.start({
          dockerHost: engine.dockerHost,
          stateDir: stateDirs[index] as string,
          script,
          env,
          nodeArgs,
        });
        const spawned = server.startedAt;
        const listening = performance.now() - spawned;
        const asked = new Map<object, Asked>();
        let documentMs: number | null = null;
        page.on('request', (request) => {
          asked.set(request, {
            url: request.url().replace(server?.baseURL ?? '', ''),
            startMs: performance.now() - spawned,
            endMs: null,
            status: null,
          });
        });
        page.on('requestfinished', (request) => {
          const entry = asked.get(request);
          if (entry === undefined) return;
          entry.endMs = performance.now() - spawned;
          if (entry.url === '/') documentMs = entry.endMs;
        });
        page.on('response', (response) => {
          const entry = asked.get(response.request());
          if (entry !== undefined) entry.status = response.status();
        });
        await page.goto(server.baseURL);
        await page.waitForFunction(overviewComplete, undefined, {
          polling: 'raf',
          timeout: 120_000,
        });
        const completeMs = performance.now() - spawned;
        // The answers' ends come as events after the page drew them: wait for them (the events
        // stream stays open), ten seconds at most.
        const answers = () =>
          [...asked.values()].filter(
            (each) => each.url.startsWith('/api/') && !each.url.startsWith('/api/events'),
          );
        for (
          let waited = 0;
          waited < 10_000 && answers().some((each) => each.endMs === null);
          waited += 50
        )
          await page.waitForTimeout(50);
        // The warm-up's server writes its build's code cache a second after it listens
        // (code-cache.ts): stopped before that, the build would start every counted run without
        // one. The build listed second did (the first has the cold start's), and listened about
        // 100 ms later in every comparison, whichever build it was.
        if (run === 0) await codeCacheWritten(script, stateDirs[index] as string);
        const label = run === 0 ? 'warm-up' : `run ${run}`;
        print(
          `${label} ${script}: listening ${ms(listening)}, document ${ms(documentMs ?? 0)}, ` +
            `overview complete ${ms(completeMs)}`,
        );
        for (const entry of answers())
          print(
            `  ${ms(entry.startMs)} → ${entry.endMs === null ? '  (open)' : ms(entry.endMs)}` +
              `  ${entry.status ?? '-'}  ${entry.url}`,
          );
        await page.close();
        await server.stop();
        server = null;
      }
    }
  } finally {
    await stop();
  }
}

/** Until the code cache of `script`'s build is in `stateDir` (10 s at most, then a warning). */
async function codeCacheWritten(script: string, stateDir: string): Promise<void> {
  const file = codeCacheFile(
    join(dirname(script), 'server.main.cjs'),
    codeCacheDir({ FOOTPRINT_STATE_DIR: stateDir }),
  );
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (existsSync(file)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  print(`warning: the warm-up wrote no code cache (${file}): its runs compile the whole bundle`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
