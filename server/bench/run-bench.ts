import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ImageList } from '@footprint/shared';
import { apiRoutes } from '@footprint/shared';
import type { Browser } from 'playwright-core';
import { PrivateEngine } from '../test/helpers/private-engine.js';
import { type BundleSize, measureBundle } from './bundle-size.js';
import { type CliBaseline, measureCliBaseline } from './cli-baseline.js';
import { DashboardServer } from '../test/helpers/dashboard-server.js';
import {
  type ColdStart,
  type Refresh,
  timeColdStart,
  timeContainerWrite,
  timeNewImage,
  timeWarmPage,
  timeWarmStart,
  type WarmStart,
} from './dashboard-timing.js';
import { getJson } from './http-get.js';
import { type GeneratedImageSet, generateImageSet, imageSetSizes } from './image-set.js';
import { type Latency, measureLatency } from './load.js';
import { describeMachine, type Machine } from './machine.js';
import { measurePageAnswers, type PageAnswer } from './page-answers.js';
import { measureTableScroll, type TableScroll } from './table-scroll.js';
import { runTwoEngines, type TwoEngineResults } from './two-engines.js';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/helpers/chromium.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const serverScript = fileURLToPath(new URL('../dist/server.bundle.js', import.meta.url));
export const webDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** What a running bench must stop: the CLI calls this on Ctrl-C, where no finally runs. */
const running = new Set<() => Promise<void>>();

export async function stopEverything(): Promise<void> {
  for (const stop of [...running].reverse()) await stop().catch(() => {});
  running.clear();
}

export interface BenchOptions {
  size: keyof typeof imageSetSizes;
  seed: number;
  /** always: build server and web first; if-missing: only what is not built; never. */
  build: 'always' | 'if-missing' | 'never';
  /** Rows of the synthetic images table in Chromium; null: skip the browser part. */
  tableRows: number | null;
  load: { connections: number; durationSeconds: number };
  /** Extra node flags for the spawned server, e.g. --cpu-prof. */
  serverNodeArgs: string[];
  /**
   * Keep the engine (data root and generated set) in this directory and reuse it on later runs
   * with the same size and seed: generating the full set takes 10 to 20 minutes. Null: a temp
   * engine, removed at the end.
   */
  engineDir: string | null;
  /**
   * The two-engine run after the single-engine one: a second private engine with a set of this
   * size (seed + 1), kept in `<engineDir>-second` when engineDir is set. Null: skip it.
   */
  secondEngine: { size: keyof typeof imageSetSizes } | null;
  log: (line: string) => void;
}

export interface BenchResults {
  startedAt: string;
  options: { size: string; seed: number; tableRows: number | null; load: BenchOptions['load'] };
  machine: Machine;
  imageSet: GeneratedImageSet & { generateMs: number };
  cli: CliBaseline;
  cold: ColdStart & { ratioToCli: number };
  refresh: {
    newImage: Refresh & { ratioToCold: number };
    containerWrite: Refresh & { ratioToCold: number };
  };
  /**
   * A restart with the cold start's state dir kept. pageMs: the overview complete in Chromium,
   * in a browser that had the dashboard open before (as a person restarting it has: its cache
   * holds the page's files); freshBrowserPageMs: the same in a browser just launched, that never
   * loaded the page (the figure of the rounds before issue 17's eighth).
   */
  warm: WarmStart & {
    ratioToCold: number;
    pageMs: number | null;
    freshBrowserPageMs: number | null;
  };
  latency: { images: Latency; disk: Latency };
  /** Every answer a page asks for, each under the same load, with its size. */
  pageAnswers: PageAnswer[];
  memory: { peakRssBytes: number };
  bundle: BundleSize;
  table: TableScroll | null;
  /** The dashboard following this engine and a second one; null when not asked for. */
  twoEngines:
    (TwoEngineResults & { second: { size: string; seed: number; imageSet: Generated } }) | null;
}

async function build(mode: BenchOptions['build'], log: (line: string) => void): Promise<void> {
  const steps = [
    {
      what: 'the server',
      built: existsSync(serverScript),
      cmd: 'npm',
      args: ['run', 'build:server'],
    },
    {
      what: 'the web UI',
      built: existsSync(`${webDist}/index.html`),
      cmd: 'npm',
      args: ['run', 'build', '-w', 'web'],
    },
  ];
  for (const step of steps) {
    if (mode === 'never' || (mode === 'if-missing' && step.built)) {
      if (!step.built)
        throw new Error(
          `${step.what} is not built: run \`${step.cmd} ${step.args.join(' ')}\` first.`,
        );
      continue;
    }
    log(`building ${step.what}: ${step.cmd} ${step.args.join(' ')}`);
    try {
      await run(step.cmd, step.args, { cwd: repoRoot, maxBuffer: 64 << 20 });
    } catch (error) {
      const output = error as { stdout?: string; stderr?: string };
      throw new Error(
        `Building ${step.what} failed (\`${step.cmd} ${step.args.join(' ')}\`); fix the build ` +
          `or pass --no-build to measure what is built:\n${output.stdout ?? ''}${output.stderr ?? ''}`,
        { cause: error },
      );
    }
  }
}

/**
 * The whole benchmark, side by side on one generated image set: the CLI and du, then the
 * dashboard's cold start, refreshes, latency under load, memory, bundle and the table in
 * Chromium. Stops everything it started, also when a step fails.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const { log } = options;
  const startedAt = new Date().toISOString();
  await build(options.build, log);
  const bundle = measureBundle(webDist);

  let engine: PrivateEngine | null = null;
  let second: PrivateEngine | null = null;
  let server: DashboardServer | null = null;
  let browser: Browser | null = null;
  const leftovers: { engine: PrivateEngine; args: string[] }[] = [];
  // The server's state dir, kept from the cold start for the warm restarts.
  const stateDir = mkdtempSync(join(tmpdir(), 'fp-bench-state-'));
  const cleanUp = async () => {
    await (browser as Browser | null)?.close().catch(() => {});
    await server?.stop().catch((error: unknown) => log(`stopping the server: ${String(error)}`));
    rmSync(stateDir, { recursive: true, force: true });
    if (options.engineDir === null) {
      for (const each of [second, engine])
        await each
          ?.destroy()
          .catch((error: unknown) => log(`removing an engine: ${String(error)}`));
      return;
    }
    // A kept engine goes back to the generated set, so the next run measures the same data.
    for (const { engine: where, args } of leftovers) await where.docker(args).catch(() => {});
    for (const each of [second, engine])
      await each
        ?.stopDaemon()
        .catch((error: unknown) => log(`stopping an engine: ${String(error)}`));
  };
  running.add(cleanUp);
  try {
    const first = await engineWithSet(
      options.engineDir,
      options.size,
      options.seed,
      log,
      (opened) => {
        engine = opened;
      },
    );
    engine = first.engine;
    const { generateMs, ...imageSet } = first.generated;
    const machine = await describeMachine(engine);
    const engineImages = (await engine.api<unknown[]>('/images/json?all=1')).length;
    log(`generated in ${(generateMs / 1000).toFixed(0)} s; ${engineImages} images in the engine`);

    log('CLI baseline: docker system df -v, then du -x -s…');
    const cli = await measureCliBaseline(engine);

    log('dashboard cold start…');
    const { dockerHost } = engine;
    const start = () =>
      DashboardServer.start({ dockerHost, nodeArgs: options.serverNodeArgs, stateDir });
    server = await start();
    const cold = await timeColdStart(server, engineImages);
    log(`cold start ${(cold.totalMs / 1000).toFixed(1)} s; refresh after a new image…`);
    const newImage = await timeNewImage(server, engine);
    leftovers.push({ engine, args: ['rmi', '-f', newImage.leftover] });
    log('refresh after a container write…');
    const containerWrite = await timeContainerWrite(server, engine);
    leftovers.unshift({ engine, args: ['rm', '-f', containerWrite.leftover] });

    log('latency under load…');
    const latency = {
      images: await measureLatency(server.port, apiRoutes.images, options.load),
      disk: await measureLatency(server.port, apiRoutes.disk, options.load),
    };
    log('every page answer under load…');
    const running = server;
    const pageAnswers = await measurePageAnswers(server.port, options.load, log, () => ({
      rssBytes: rssBytesOf(running.child.pid),
      peakRssBytes: running.peakRssBytes(),
    }));

    let table: TableScroll | null = null;
    if (options.tableRows !== null) {
      log(`the ${options.tableRows}-row images table in Chromium…`);
      const real = await getJson<ImageList>(server.port, apiRoutes.images);
      const serverPid = server.child.pid;
      table = await measureTableScroll(
        server.port,
        real.body,
        options.tableRows,
        (launched) => {
          browser = launched;
        },
        200,
        serverPid === undefined ? {} : { serverPid },
      );
    }
    const peakRssBytes = server.peakRssBytes();

    log('warm restart with the state dir kept…');
    await server.stop();
    const imagesNow = (await engine.api<unknown[]>('/images/json?all=1')).length;
    server = await start();
    const warm = await timeWarmStart(server, imagesNow);
    let pageMs: number | null = null;
    let freshBrowserPageMs: number | null = null;
    if (options.tableRows !== null) {
      log('warm restart until the overview is complete in a browser just launched…');
      await server.stop();
      // The table's browser is closed by measureTableScroll when it is done with it.
      const open = browser as Browser | null;
      browser = open?.isConnected() === true ? open : await chromium.launch(chromiumLaunchOptions);
      server = await start();
      freshBrowserPageMs = await timeWarmPage(server, browser);
      // A person who restarts the dashboard has had it open: once more on this server, so that
      // Chromium has run the page's scripts twice (it keeps their compiled code from the second
      // load on) and holds its files in its cache, then the restart again.
      await timeWarmPage(server, browser);
      log('…and in that browser, which has had the page open before…');
      await server.stop();
      server = await start();
      pageMs = await timeWarmPage(server, browser);
    }

    let twoEngines: BenchResults['twoEngines'] = null;
    if (options.secondEngine !== null) {
      // After every single-engine figure, so that the second engine (and its generation) is not
      // in them: the single-engine figures stay comparable with runs before issue 19.
      await server.stop();
      await (browser as Browser | null)?.close();
      const secondSize = options.secondEngine.size;
      const secondSeed = options.seed + 1;
      const secondDir = options.engineDir === null ? null : `${options.engineDir}-second`;
      const withSet = await engineWithSet(secondDir, secondSize, secondSeed, log, (opened) => {
        second = opened;
      });
      log(
        `two engines: the second holds the ${secondSize} set (${withSet.generated.images} images)…`,
      );
      const loaded: { engine: PrivateEngine; image: string }[] = [];
      try {
        const measured = await runTwoEngines(
          {
            first: engine,
            second: withSet.engine,
            nodeArgs: options.serverNodeArgs,
            load: options.load,
            log,
            started: (started) => {
              server = started;
            },
          },
          loaded,
        );
        const imageSet = withSet.generated;
        twoEngines = { ...measured, second: { size: secondSize, seed: secondSeed, imageSet } };
      } finally {
        for (const { engine: where, image } of loaded)
          leftovers.push({ engine: where, args: ['rmi', '-f', image] });
      }
    }

    return {
      startedAt,
      options: {
        size: options.size,
        seed: options.seed,
        tableRows: options.tableRows,
        load: options.load,
      },
      machine,
      imageSet: { ...imageSet, generateMs },
      cli,
      cold: { ...cold, ratioToCli: cold.totalMs / cli.totalMs },
      refresh: {
        newImage: { ...newImage, ratioToCold: newImage.ms / cold.totalMs },
        containerWrite: { ...containerWrite, ratioToCold: containerWrite.ms / cold.totalMs },
      },
      warm: { ...warm, ratioToCold: warm.totalMs / cold.totalMs, pageMs, freshBrowserPageMs },
      latency,
      pageAnswers,
      memory: { peakRssBytes },
      bundle,
      table,
      twoEngines,
    };
  } finally {
    running.delete(cleanUp);
    await cleanUp();
  }
}

type Generated = GeneratedImageSet & { generateMs: number };

/**
 * A private engine holding the generated set of this size and seed: kept in `dir` and reused
 * when it holds that set already, else a temp engine. `opened` gets the engine before the set
 * is generated, so a failure on the way still stops it.
 */
async function engineWithSet(
  dir: string | null,
  size: BenchOptions['size'],
  seed: number,
  log: (line: string) => void,
  opened: (engine: PrivateEngine) => void,
): Promise<{ engine: PrivateEngine; generated: Generated }> {
  const kept = dir === null ? null : await openKeptEngine(dir, size, seed, log);
  const engine = kept?.engine ?? (await PrivateEngine.start());
  opened(engine);
  if (kept?.generated != null) return { engine, generated: kept.generated };
  log(`private engine at ${engine.dir}; generating the ${size} image set…`);
  const generateStart = performance.now();
  const set = await generateImageSet(engine, imageSetSizes[size], seed, log);
  const generated = { ...set, generateMs: performance.now() - generateStart };
  kept?.save(generated);
  return { engine, generated };
}

/** The kept engine of --engine-dir, with its generated set when one of this size and seed is there. */
async function openKeptEngine(
  dir: string,
  size: BenchOptions['size'],
  seed: number,
  log: (line: string) => void,
): Promise<{ engine: PrivateEngine; generated: Generated | null; save(set: Generated): void }> {
  const marker = join(dir, 'image-set.json');
  const key = { size, seed };
  let generated: Generated | null = null;
  if (existsSync(marker)) {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as typeof key & { set: Generated };
    if (saved.size !== key.size || saved.seed !== key.seed)
      throw new Error(
        `${dir} holds the ${saved.size} set of seed ${saved.seed}; remove it or pick another --engine-dir.`,
      );
    generated = saved.set;
    log(`reusing the ${key.size} image set (seed ${key.seed}) kept in ${dir}`);
  }
  const engine = await PrivateEngine.openKept(dir);
  return {
    engine,
    generated,
    save: (set) => writeFileSync(marker, `${JSON.stringify({ ...key, set })}\n`),
  };
}

/** VmRSS of a process, from /proc. */
function rssBytesOf(pid: number | undefined): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Number(match[1]) * 1024;
}
