import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiskUsage } from '@footprint/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseLayers } from '../../src/storage/backends/containers-storage/storage-records.js';
import { du } from '../helpers/du.js';
import { repo } from '../helpers/fixtures.js';
import { imageArchive } from '../helpers/image-archive.js';
import { destroyPodmanAfter } from '../helpers/podman-setup.js';
import { podmanBinary, PrivatePodman } from '../helpers/private-podman.js';
import { appOnPrivateEngine, injectHost } from './context.js';

/*
 * A scan that reads a layer directory while Podman is still writing it. containers/storage
 * records the layer in layers.json ("flags": {"incomplete": true}) before it makes the directory
 * and applies the diff; a scan in between finds an image layer with part of its files. Applying
 * the diff leaves the directory's own entry (inode, mtime) as it was, so nothing but the flag
 * tells those figures from a finished layer's: kept, they would stay the layer's for good. Once
 * the load is done, the page's data root must be du's again. (In the whole suite this happened
 * by chance: a load's late event started a scan during the next load, and the page's graphroot
 * stayed 4,096 bytes under du.)
 *
 * Podman is frozen (SIGSTOP to its process group) while its layer is incomplete, so the scan
 * reads it exactly then.
 */

/** Files enough that applying the diff takes a few seconds: the flag is caught in time. */
const fileCount = 20_000;

let podman: PrivatePodman;
let stateDir: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;

beforeAll(async () => {
  podman = await PrivatePodman.start();
  stateDir = await mkdtemp(join(tmpdir(), 'fp-podman-state-'));
  app = await appOnPrivateEngine(podman, { dataRoot: podman.graphRoot, stateDir });
}, 120_000);

afterAll(() => destroyPodmanAfter(podman, app, [stateDir]));

async function pageDataRoot(): Promise<number | undefined> {
  const response = await app.inject({ url: '/api/disk', headers: { host: injectHost } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DiskUsage>().dataRoot?.diskBytes;
}

/** The layers.json records still being written, or none (no file yet, or read mid-rename). */
async function incompleteLayers(): Promise<string[]> {
  const file = join(podman.graphRoot, 'overlay-layers', 'layers.json');
  try {
    const layers = parseLayers(await readFile(file, 'utf8'), file);
    return layers.filter((layer) => layer.incomplete).map((layer) => layer.id);
  } catch {
    return [];
  }
}

it('measures a layer Podman is still writing, and its whole diff once the load is done', async () => {
  const truth = app.engines.default.diskTruth;
  await pageDataRoot(); // The first ask starts the first scan.
  await truth.whenIdle();
  expect(await pageDataRoot()).toBe(await du(['-x', '-B1', '-s'], podman.graphRoot));

  const entries = Array.from({ length: fileCount }, (_, i) => ({
    type: 'file' as const,
    path: `many/f${i}`,
    content: `${i}\n`,
  }));
  const { archive } = await imageArchive([
    { tags: [`${repo}/in-progress:1`], layers: [{ entries }] },
  ]);
  const load = spawn(podmanBinary, [...podman.globalFlags, 'load'], {
    env: podman.env,
    stdio: ['pipe', 'ignore', 'pipe'],
    // Its own process group: the diff is applied by a child (containers/storage's chrooted
    // untar), which is frozen with it.
    detached: true,
  });
  const signal = (name: NodeJS.Signals) => process.kill(-(load.pid ?? 0), name);
  let stderr = '';
  load.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(load, 'exit');
  load.stdin.end(archive);

  // Frozen once the driver made the layer directory whole (`empty` is the last it makes for a
  // bottom layer), while the diff is applied: the directory's own entry no longer changes, so
  // only the incomplete flag tells that its files are not all there.
  let writing: string[] = [];
  for (let tries = 0; tries < 6_000 && writing.length === 0; tries++) {
    const incomplete = await incompleteLayers();
    if (incomplete.some((id) => existsSync(join(podman.graphRoot, 'overlay', id, 'empty'))))
      writing = incomplete;
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(writing, 'a layer recorded as incomplete while `podman load` runs').toHaveLength(1);
  const layerDir = join(podman.graphRoot, 'overlay', writing[0] ?? '');
  signal('SIGSTOP');
  let whileWriting: number;
  try {
    truth.requestScan({ full: false });
    await truth.whenIdle();
    whileWriting = await du(['-x', '-B1', '-s'], layerDir);
    // The scan read what was there: the graphroot holds still while Podman is stopped.
    expect(await pageDataRoot()).toBe(await du(['-x', '-B1', '-s'], podman.graphRoot));
  } finally {
    signal('SIGCONT');
  }
  const [code] = await exited;
  expect(code, stderr).toBe(0);
  expect(await incompleteLayers()).toEqual([]);
  const written = await du(['-x', '-B1', '-s'], layerDir);
  expect(whileWriting, 'the scan found the layer with part of its files').toBeLessThan(written);

  // The load's event starts the next scan; a layer kept from the first one would leave the page
  // under du for as long as the layer lives. Asked again too, should the event come late.
  await expect
    .poll(
      async () => {
        truth.requestScan({ full: false });
        await truth.whenIdle();
        return (await du(['-x', '-B1', '-s'], podman.graphRoot)) - ((await pageDataRoot()) ?? 0);
      },
      { timeout: 30_000, interval: 500, message: 'du of the graphroot less the page’s figure' },
    )
    .toBe(0);
  expect((await truth.layerDisk(writing[0] ?? null)).diskBytes).toBe(written);
}, 180_000);
