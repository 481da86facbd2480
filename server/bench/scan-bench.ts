/*
 * npm run bench:scan [-- <data-root>]
 *
 * Times the scanner beside `du -x -s` of the same data root, in the same run, BENCH_ROUNDS
 * times (default 5; the first round reads colder caches; the figures must agree), and prints
 * each round and the medians. Each round measures:
 * - `du -x -B1 -s <data root>`: wall time, and its CPU time (user + system);
 * - the scanner as the server runs it (scanDataRoot: plan, worker threads, results), wall time,
 *   and apart the start of its workers with a trivial job each: run from TypeScript, a worker
 *   loads tsx first (0.2 to 0.4 s), which the built server does not (about 0.05 s);
 * - the walker alone on the whole data root in this thread (one `du -x -s`, as du does it):
 *   wall and CPU time, the per-file cost without the pool around it.
 * On a machine shared with other work the wall times move with the load; the CPU times less so.
 *
 * Without an argument it starts a private engine with the test fixtures and plants BENCH_FILES
 * small files (default 100 000) in a volume of it, so there is something to read. Prints;
 * asserts nothing.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { scanDataRoot } from '../src/storage/data-root-scan.js';
import { readOverlayMetadata } from '../src/storage/backends/overlay2/overlay-references.js';
import { defaultWorkerCount } from '../src/storage/scan/scan-pool.js';
import { walkTree } from '../src/storage/scan/walk-tree.js';
import { ScanCache } from '../src/storage/scan-cache.js';
import { WorkerPools } from '../src/workers/worker-pools.js';
import { loadStandardFixtures } from '../test/helpers/fixtures.js';
import { PrivateEngine } from '../test/helpers/private-engine.js';

const run = promisify(execFile);

interface Timing {
  ms: number;
  /** User + system CPU time; null when it cannot be read. */
  cpuMs: number | null;
  bytes: number;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function plantFiles(dir: string, count: number): void {
  const perDir = 1000;
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${Math.floor(i / perDir)}`);
    if (i % perDir === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}`), 'x'.repeat(i % 5000));
  }
}

/**
 * CPU time of this process's children that have been waited for, from /proc/self/stat (cutime
 * and cstime, fields 16 and 17, in clock ticks of 10 ms): Node reports no rusage of a child.
 */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function timeDu(dataRoot: string): Promise<Timing> {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const { stdout } = await run('du', ['-x', '-B1', '-s', dataRoot], { maxBuffer: 1 << 20 });
  const ms = performance.now() - start;
  const cpuAfter = childrenCpuMs();
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return { ms, cpuMs: cpu, bytes: Number(stdout.split('\t')[0]) };
}

/** The worker threads, as the app has them (idle ones end by themselves). */
const pools = new WorkerPools();

async function timeScanner(dataRoot: string) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const start = performance.now();
  const scan = await scanDataRoot({
    dataRoot,
    driver: 'overlay2',
    pools,
    references: readOverlayMetadata(pools.bulkRead, dataRoot, 'overlay2').then(
      (metadata) => metadata.references,
    ),
    cache: new ScanCache(null),
    full: true,
  });
  const ms = performance.now() - start;
  delay.disable();
  const bytes =
    scan.rootSelf.diskBytes +
    scan.entries.reduce((total, entry) => total + entry.result.diskBytes, 0);
  const directories = scan.entries.reduce(
    (total, entry) => total + entry.result.directoriesRead,
    0,
  );
  return { ms, bytes, directories, maxLoopDelayMs: delay.max / 1e6 };
}

/** Starting the workers with a trivial job each: what every scan pays before it reads. */
async function timeWorkersStart(dataRoot: string): Promise<number> {
  const workers = defaultWorkerCount();
  const start = performance.now();
  await pools.scan.runWalks(
    Array.from({ length: workers }, () => ({ root: Buffer.from(dataRoot), selfOnly: true })),
    { workers },
  );
  return performance.now() - start;
}

function timeWalker(dataRoot: string): Timing & { files: number } {
  const since = process.cpuUsage();
  const start = performance.now();
  const result = walkTree({ root: Buffer.from(dataRoot) });
  const ms = performance.now() - start;
  return { ms, cpuMs: cpuMs(since), bytes: result.diskBytes, files: result.files };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function ms(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  let dataRoot = process.argv[2];
  let engine: PrivateEngine | null = null;
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
  try {
    if (dataRoot === undefined) {
      engine = await PrivateEngine.start();
      await loadStandardFixtures(engine);
      await engine.docker(['volume', 'create', 'bench-files']);
      dataRoot = engine.dataRoot;
      const files = Number(process.env.BENCH_FILES ?? 100_000);
      print(`planting ${files} files in a volume of a private engine at ${dataRoot}…`);
      plantFiles(join(dataRoot, 'volumes', 'bench-files', '_data'), files);
    }
    print(`data root: ${dataRoot}; scanner workers: ${defaultWorkerCount()}; rounds: ${rounds}`);
    const du: Timing[] = [];
    const scanner: number[] = [];
    const workersStart: number[] = [];
    const walker: Timing[] = [];
    let files = 0;
    for (let round = 1; round <= rounds; round++) {
      const duTiming = await timeDu(dataRoot);
      const scan = await timeScanner(dataRoot);
      const started = await timeWorkersStart(dataRoot);
      const walk = timeWalker(dataRoot);
      du.push(duTiming);
      scanner.push(scan.ms);
      workersStart.push(started);
      walker.push(walk);
      files = walk.files;
      const same = duTiming.bytes === scan.bytes && duTiming.bytes === walk.bytes;
      print(
        `round ${round}${round === 1 ? ' (cold-ish)' : ''}: du -x -s ${ms(duTiming.ms)} ` +
          `(cpu ${ms(duTiming.cpuMs)}, ${duTiming.bytes} B) | scanner ${ms(scan.ms)} ` +
          `(${scan.bytes} B, ${scan.directories} dirs, event loop max delay ` +
          `${scan.maxLoopDelayMs.toFixed(1)} ms; workers start ${ms(started)}) | ` +
          `walker in this thread ${ms(walk.ms)} ` +
          `(cpu ${ms(walk.cpuMs)}, ${walk.bytes} B) | ` +
          `${same ? 'same bytes' : 'BYTES DIFFER (tree changed?)'}`,
      );
    }
    const duMs = median(du.map((t) => t.ms));
    const scannerMs = median(scanner);
    const startMs = median(workersStart);
    const walkerMs = median(walker.map((t) => t.ms));
    const duCpu = du.every((t) => t.cpuMs !== null) ? median(du.map((t) => t.cpuMs ?? 0)) : null;
    const walkerCpu = median(walker.map((t) => t.cpuMs ?? 0));
    print(`medians over ${rounds} rounds, ${files} files:`);
    print(`  du -x -s              ${ms(duMs)} wall, ${ms(duCpu)} cpu`);
    print(
      `  scanner (${defaultWorkerCount()} workers)   ${ms(scannerMs)} wall = ` +
        `${(scannerMs / duMs).toFixed(2)}× du, of which the workers' start ${ms(startMs)}`,
    );
    print(
      `  walker (this thread)  ${ms(walkerMs)} wall = ${(walkerMs / duMs).toFixed(2)}× du, ` +
        `${ms(walkerCpu)} cpu` +
        (duCpu === null || duCpu === 0 ? '' : ` = ${(walkerCpu / duCpu).toFixed(2)}× du`),
    );
  } finally {
    await engine?.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
