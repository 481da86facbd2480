/*
 * npm run bench:scan [-- <data-root>]
 *
 * Times the scanner beside `du -x -s` of the same data root, in the same run, twice each (the
 * second run has warm caches; the figures must agree). Without an argument it starts a private
 * engine with the test fixtures and plants BENCH_FILES small files (default 100 000) in a volume
 * of it, so there is something to read. Prints; asserts nothing.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { scanDataRoot } from '../src/storage/data-root-scan.js';
import { readOverlayMetadata } from '../src/storage/overlay-references.js';
import { defaultWorkerCount } from '../src/storage/scan/scan-pool.js';
import { ScanCache } from '../src/storage/scan-cache.js';
import { loadStandardFixtures } from '../test/helpers/fixtures.js';
import { PrivateEngine } from '../test/helpers/private-engine.js';

const run = promisify(execFile);

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

async function timeDu(dataRoot: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const { stdout } = await run('du', ['-x', '-B1', '-s', dataRoot], { maxBuffer: 1 << 20 });
  return { ms: performance.now() - start, bytes: Number(stdout.split('\t')[0]) };
}

async function timeScanner(dataRoot: string) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const start = performance.now();
  const metadata = await readOverlayMetadata(dataRoot, 'overlay2');
  const scan = await scanDataRoot({
    dataRoot,
    driver: 'overlay2',
    references: metadata.references,
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

async function main(): Promise<void> {
  let dataRoot = process.argv[2];
  let engine: PrivateEngine | null = null;
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
    print(`data root: ${dataRoot}; scanner workers: ${defaultWorkerCount()}`);
    for (const round of ['cold-ish', 'warm']) {
      const du = await timeDu(dataRoot);
      const scanner = await timeScanner(dataRoot);
      print(
        `${round}: du -x -s ${du.ms.toFixed(0)} ms (${du.bytes} B) | scanner ` +
          `${scanner.ms.toFixed(0)} ms (${scanner.bytes} B, ${scanner.directories} dirs, ` +
          `event loop max delay ${scanner.maxLoopDelayMs.toFixed(1)} ms) | ` +
          `${du.bytes === scanner.bytes ? 'same bytes' : 'BYTES DIFFER (tree changed?)'}`,
      );
    }
  } finally {
    await engine?.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
