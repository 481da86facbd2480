/*
 * npm run bench [-- --size full|medium|small] [--seed N] [--no-build] [--no-browser]
 *                  [--table-rows N] [--load-seconds N] [--connections N] [--cpu-prof DIR]
 *                  [--out DIR] [--engine-dir DIR] [--second-size medium|small|tiny]
 *                  [--no-two-engines]
 *
 * The dashboard against `docker system df -v` + `du -x -s`, side by side on one generated image
 * set in a private engine; see README "Benchmarks". Writes <out>/latest.json and a dated copy
 * (default bench/results/) and prints the figures against the targets of issue 7.
 *
 * npm runs it with `node --no-memory-reducer`, as the server runs: this process builds the
 * table's 5,000 synthetic images and rewrites the 3 MB layer list for them, then waits while
 * Chromium scrolls, and V8's memory reducer collected its heap during the scroll (its marking
 * threads on both cores, seen with a scheduler trace), which dropped a frame of the page it
 * measures.
 *
 * Then the two-engine run (issue 19): the dashboard following the same engine and a second
 * private one with a smaller set (--second-size; by default the size below --size), kept in
 * <engine-dir>-second with --engine-dir. --no-two-engines skips it.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable, writeResults } from './report.js';
import { runBench, stopEverything } from './run-bench.js';

/** The second engine's set by default: the next size down. */
const smallerSize = { full: 'medium', medium: 'small', small: 'tiny' } as const;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  if (!process.execArgv.includes('--no-memory-reducer')) {
    print(
      'note: run through `npm run bench` (node --no-memory-reducer): see server/bench/bench.ts',
    );
  }
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'full' },
      seed: { type: 'string', default: '1' },
      'no-build': { type: 'boolean', default: false },
      'no-browser': { type: 'boolean', default: false },
      'table-rows': { type: 'string', default: '5000' },
      'load-seconds': { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      'cpu-prof': { type: 'string' },
      'engine-dir': { type: 'string' },
      'second-size': { type: 'string' },
      'no-two-engines': { type: 'boolean', default: false },
      out: {
        type: 'string',
        default: fileURLToPath(new URL('../../bench/results', import.meta.url)),
      },
    },
  });
  const size = values.size;
  if (size !== 'full' && size !== 'medium' && size !== 'small')
    throw new Error(`--size is full, medium or small, got "${size}".`);
  const secondSize = values['second-size'] ?? smallerSize[size];
  if (secondSize !== 'medium' && secondSize !== 'small' && secondSize !== 'tiny')
    throw new Error(`--second-size is medium, small or tiny, got "${secondSize}".`);
  const started = Date.now();
  const results = await runBench({
    size,
    seed: Number(values.seed),
    build: values['no-build'] ? 'never' : 'always',
    tableRows: values['no-browser'] ? null : Number(values['table-rows']),
    load: {
      connections: Number(values.connections),
      durationSeconds: Number(values['load-seconds']),
    },
    serverNodeArgs: values['cpu-prof']
      ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`]
      : [],
    engineDir: values['engine-dir'] ?? null,
    secondEngine: values['no-two-engines'] ? null : { size: secondSize },
    log: (line) => print(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`),
  });
  print('');
  print(formatTable(results));
  print('');
  for (const path of writeResults(results, values.out)) print(`wrote ${path}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    print(`${signal}: stopping the engine, server and browser…`);
    void stopEverything().finally(() => process.exit(130));
  });
}

// A rejection nobody handles (a browser route's still in flight, say) ended a run with its
// server still following the kept engine, which then disturbed the next runs: stop everything
// this run started first.
let failing = false;
process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection:', reason);
  if (failing) return;
  failing = true;
  void stopEverything().finally(() => process.exit(1));
});

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
