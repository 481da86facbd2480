/*
 * npm run bench [-- --size full|small] [--seed N] [--no-build] [--no-browser] [--table-rows N]
 *                  [--load-seconds N] [--connections N] [--cpu-prof DIR] [--out DIR]
 *                  [--engine-dir DIR]
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
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable, writeResults } from './report.js';
import { runBench, stopEverything } from './run-bench.js';

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
      out: {
        type: 'string',
        default: fileURLToPath(new URL('../../bench/results', import.meta.url)),
      },
    },
  });
  if (values.size !== 'full' && values.size !== 'small')
    throw new Error(`--size is full or small, got "${values.size}".`);
  const started = Date.now();
  const results = await runBench({
    size: values.size,
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
