#!/usr/bin/env node
// What `npm start` runs: each build whose sources changed (build-if-stale.mjs), then the
// docker-footprint command (bin/docker-footprint.js) with the arguments given, in this one
// process. As two commands (`node scripts/build-if-stale.mjs && node bin/docker-footprint.js`)
// each start paid one Node start more: 60 ms on a host whose environment names extra CA
// certificates, 20 ms without (README, Benchmarks).
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

try {
  await buildIfStale(fileURLToPath(new URL('../', import.meta.url)));
} catch (error) {
  process.stderr.write(`docker-footprint: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}
// Reads its arguments from process.argv.slice(2): those given to npm start after `--`.
await import('../bin/docker-footprint.js');
