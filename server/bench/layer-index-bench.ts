import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TreeListing, TreeSearch } from '@footprint/shared';
import { DashboardServer } from '../test/helpers/dashboard-server.js';
import { loadImages } from '../test/helpers/fixtures.js';
import type { ImageSpec, LayerEntry } from '../test/helpers/image-archive.js';
import { PrivateEngine } from '../test/helpers/private-engine.js';

/*
 * The layer explorer on a layer of a million files, against the built server (npm run build)
 * and a private engine kept in a directory between runs (loading a million files takes minutes):
 *   npm run bench:explorer -- [--engine-dir DIR] [--files N] [--destroy]
 * Prints the time to the first listing on a first open (the index is built from the layer's
 * tar-split file in a worker) and after a restart (read from the state dir), how long other
 * requests waited meanwhile, and the server's memory. A benchmark, not a test: nothing asserts.
 */

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const engineDir = option('--engine-dir', join(tmpdir(), 'fp-bench-explorer'));
const files = Number(option('--files', '1000000'));
const tag = `footprint-bench/files-${files}:1`;
const middle = `/many/d${String(Math.floor(files / 2000)).padStart(4, '0')}`;
const say = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

function millionFiles(): ImageSpec {
  const entries: LayerEntry[] = [];
  const ten = Buffer.from('0123456789');
  for (let i = 0; i < files; i++) {
    const dir = `many/d${String(Math.floor(i / 1000)).padStart(4, '0')}`;
    if (i % 1000 === 0) entries.push({ type: 'dir', path: dir });
    const name = `${dir}/file-${String(i % 1000).padStart(4, '0')}.txt`;
    entries.push({ type: 'file', path: name, content: i % 10 === 0 ? ten : '' });
  }
  return { tags: [tag], layers: [{ createdBy: `ADD ${files} files`, entries }] };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

async function getJson<T>(server: DashboardServer, path: string): Promise<T> {
  const response = await fetch(`${server.baseURL}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function rssBytes(server: DashboardServer): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
}

/** A request the server answers without any I/O (an unknown route): it waits only for the loop. */
const probe = (server: DashboardServer) => `${server.baseURL}/api/no-such-route`;

/** Probe requests one after another while `work` runs: how many, and the slowest. */
async function whileProbing<T>(server: DashboardServer, work: Promise<T>) {
  let done = false;
  let count = 0;
  let slowest = 0;
  void work.finally(() => (done = true));
  while (!done) {
    const [, ms] = await timed(() => fetch(probe(server)).then((r) => r.text()));
    count++;
    slowest = Math.max(slowest, ms);
  }
  return { result: await work, count, slowest };
}

async function openLayer(server: DashboardServer, id: string, label: string) {
  let idle = 0;
  for (let i = 0; i < 20; i++) {
    const [, ms] = await timed(() => fetch(probe(server)).then((r) => r.text()));
    idle = Math.max(idle, ms);
  }
  say(`${label}: requests take up to ${idle.toFixed(0)} ms when idle`);
  const first = timed(() =>
    getJson<TreeListing>(server, `/api/images/${id}/tree?view=layer&path=/many&limit=200`),
  );
  const { result, count, slowest } = await whileProbing(server, first);
  const [listing, ms] = result;
  say(
    `  first listing of /many (${listing.total} dirs, ${listing.directory.fileCount} ` +
      `files) in ${ms.toFixed(0)} ms; ${count} other requests meanwhile, slowest ${slowest.toFixed(0)} ms`,
  );
  const [, merged] = await timed(() => getJson<TreeListing>(server, `/api/images/${id}/tree`));
  const [, sorted] = await timed(() =>
    getJson<TreeListing>(server, `/api/images/${id}/tree?path=${middle}&sort=size&limit=500`),
  );
  // The change filter: the first asks for a mask over every node of the layer, once.
  const [filtered, filteredMs] = await timed(() =>
    getJson<TreeListing>(server, `/api/images/${id}/tree?view=layer&path=/many&changes=modified`),
  );
  say(`  change filter (modified: ${filtered.total} of /many) ${filteredMs.toFixed(0)} ms`);
  const [search, searchMs] = await timed(() =>
    getJson<TreeSearch>(server, `/api/images/${id}/tree/search?q=file-0999&limit=200`),
  );
  say(
    `  merged root ${merged.toFixed(0)} ms · size-sorted page ${sorted.toFixed(0)} ms · search ` +
      `(${search.total} hits) ${searchMs.toFixed(0)} ms`,
  );
  const [, analysisMs] = await timed(() => getJson(server, `/api/images/${id}/analysis`));
  say(`  analysis ${analysisMs.toFixed(0)} ms`);
  say(`  server memory: now ${mb(rssBytes(server))}, peak ${mb(server.peakRssBytes())}`);
}

const engine = await PrivateEngine.openKept(engineDir);
try {
  let id = (
    await engine.docker(['image', 'inspect', '--format', '{{.Id}}', tag]).catch(() => '')
  ).trim();
  if (id === '') {
    say(`Loading an image of ${files} files into ${engineDir} (once; it takes a while)…`);
    const [, ms] = await timed(() => loadImages(engine, [millionFiles()]));
    id = (await engine.docker(['image', 'inspect', '--format', '{{.Id}}', tag])).trim();
    say(`  loaded in ${(ms / 1000).toFixed(0)} s`);
  }
  const stateDir = await mkdtemp(join(tmpdir(), 'fp-bench-state-'));
  try {
    const first = await DashboardServer.start({ dockerHost: engine.dockerHost, stateDir });
    await openLayer(first, id, 'First open (index built from tar-split.json.gz)');
    await first.stop();
    const again = await DashboardServer.start({ dockerHost: engine.dockerHost, stateDir });
    await openLayer(again, id, 'After a restart (index read from the state dir)');
    await again.stop();
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
} finally {
  if (args.includes('--destroy')) await engine.destroy();
  else await engine.stopDaemon();
}
