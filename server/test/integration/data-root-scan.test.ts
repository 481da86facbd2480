import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type DataRootScan, scanDataRoot } from '../../src/storage/data-root-scan.js';
import { ScanCache } from '../../src/storage/scan-cache.js';
import { WorkerPools } from '../../src/workers/worker-pools.js';
import { du } from '../helpers/du.js';

/*
 * scanDataRoot on small data roots planted for each case, with real mounts in them, compared
 * with GNU du: what it leaves out, how it labels overlay2/'s directories, and what it carries
 * over from one scan to the next. The walkers and the pool under it: disk-scanner.test.ts.
 */

const run = promisify(execFile);
const base = mkdtempSync(join(tmpdir(), 'fp-data-root-scan-'));
// The worker threads, as an app has them.
const pools = new WorkerPools();
afterAll(async () => {
  await pools.close();
  rmSync(base, { recursive: true, force: true });
});

let counter = 0;
function plant(): string {
  const dir = join(base, `root-${++counter}`);
  mkdirSync(dir);
  return dir;
}

describe('scanDataRoot', () => {
  const references = Promise.resolve({
    imageLayers: new Set(['layer-a']),
    containerLayers: new Set<string>(),
    initLayers: new Set<string>(),
    buildCache: new Set<string>(),
  });

  /** A small overlay2 data root, with another filesystem mounted at its top and in overlay2/. */
  async function plantDataRoot(): Promise<{ root: string; mounts: string[] }> {
    const root = plant();
    for (const dir of ['overlay2/layer-a/diff', 'overlay2/orphan/diff', 'overlay2/l'])
      mkdirSync(join(root, dir), { recursive: true });
    mkdirSync(join(root, 'image/overlay2/layerdb/sha256/c1'), { recursive: true });
    mkdirSync(join(root, 'containers/c0ffee'), { recursive: true });
    writeFileSync(join(root, 'overlay2/layer-a/diff/data'), Buffer.alloc(40_000, 1));
    writeFileSync(join(root, 'overlay2/orphan/diff/old'), Buffer.alloc(9_000, 1));
    symlinkSync('../layer-a/diff', join(root, 'overlay2/l/SHORT'));
    writeFileSync(join(root, 'image/overlay2/layerdb/sha256/c1/cache-id'), 'layer-a');
    writeFileSync(join(root, 'containers/c0ffee/c0ffee-json.log'), 'log\n'.repeat(500));
    const mounts = [join(root, 'overlay2/mounted'), join(root, 'mounted')];
    for (const mount of mounts) {
      mkdirSync(mount);
      await run('mount', ['-t', 'tmpfs', 'tmpfs', mount]);
      writeFileSync(join(mount, 'inside'), Buffer.alloc(20_000, 1));
    }
    return { root, mounts };
  }

  const scan = (root: string, previous: DataRootScan | null) =>
    scanDataRoot({
      pools,
      dataRoot: root,
      driver: 'overlay2',
      references,
      cache: new ScanCache(null),
      full: false,
      previous: previous === null ? null : Promise.resolve({ scan: previous, holds: () => false }),
    });

  it('leaves out mount points at its top and in overlay2/, and agrees with du -x', async () => {
    const { root, mounts } = await plantDataRoot();
    try {
      // No previous scan and no cache: every entry is read at once.
      const first = await scan(root, null);
      // A previous scan that holds nothing: every entry is compared with it, then read.
      const second = await scan(root, first);
      const shape = (result: DataRootScan) => ({
        mountsSkipped: result.mountsSkipped,
        vanished: result.vanished,
        entries: result.entries.map((entry) => ({
          key: entry.key,
          kind: entry.kind,
          ino: entry.ino,
          modifiedAt: entry.modifiedAt,
          figures: entry.figures,
        })),
      });
      expect(shape(first)).toEqual(shape(second));
      expect(first.mountsSkipped).toBe(2);
      const total = first.entries.reduce(
        (sum, entry) => sum + entry.figures.diskBytes,
        first.rootSelf.diskBytes,
      );
      expect(total).toBe(await du(['-x', '-B1', '-s'], root));
    } finally {
      for (const mount of mounts) await run('umount', [mount]);
    }
  });

  it('labels what it walked before the layer metadata was read, once it is', async () => {
    const { root, mounts } = await plantDataRoot();
    try {
      // The first scan walks at once; here every walk is done before the metadata comes.
      let allWalked: () => void = () => {};
      const walked = new Promise<void>((resolve) => (allWalked = resolve));
      const first = await scanDataRoot({
        pools,
        dataRoot: root,
        driver: 'overlay2',
        references: walked.then(() => references),
        cache: new ScanCache(null),
        full: false,
        onProgress: ({ partsDone, partsTotal }) => {
          if (partsDone === partsTotal) allWalked();
        },
      });
      const layer = first.entries.find((entry) => entry.displayName === 'layer-a');
      expect(layer).toMatchObject({ kind: 'image-layers', cacheKey: 'layer-a' });
      expect(first.entries.find((entry) => entry.displayName === 'orphan')?.kind).toBe(
        'orphan-layers',
      );
      expect(first.layers.has(layer?.key as string)).toBe(true);
    } finally {
      for (const mount of mounts) await run('umount', [mount]);
    }
  });

  it('carries the kept layers over as they are, until a layer comes or changes', async () => {
    const { root, mounts } = await plantDataRoot();
    const cache = new ScanCache(null);
    const refresh = (previous: DataRootScan, imageLayers: string[]) =>
      scanDataRoot({
        pools,
        dataRoot: root,
        driver: 'overlay2',
        references: references.then((known) => ({ ...known, imageLayers: new Set(imageLayers) })),
        cache,
        full: false,
        previous: Promise.resolve({ scan: previous, holds: () => true }),
        kept: previous.layers,
      });
    try {
      const first = await scanDataRoot({
        pools,
        dataRoot: root,
        driver: 'overlay2',
        references,
        cache,
        full: false,
      });
      // layer-a and its layer record.
      expect(first.layers.size).toBe(2);
      const second = await refresh(first, ['layer-a']);
      expect(second.layers).toBe(first.layers);
      const third = await refresh(second, ['layer-a']);
      expect(third.layers).toBe(first.layers);
      const shape = (scan: DataRootScan) =>
        scan.entries.map((entry) => [entry.key, entry.kind, entry.figures]);
      expect(shape(third)).toEqual(shape(first));

      // A new image layer: read, and the kept map is a new one with it.
      mkdirSync(join(root, 'overlay2/layer-b/diff'), { recursive: true });
      writeFileSync(join(root, 'overlay2/layer-b/diff/data'), Buffer.alloc(12_000, 1));
      const fourth = await refresh(third, ['layer-a', 'layer-b']);
      expect(fourth.layers).not.toBe(first.layers);
      expect([...fourth.layers.values()].map((entry) => entry.displayName).sort()).toEqual(
        ['c1', 'layer-a', 'layer-b'].sort(),
      );
      const b = fourth.entries.find((entry) => entry.displayName === 'layer-b');
      expect(fourth.origins[fourth.entries.indexOf(b as (typeof fourth.entries)[number])]).toBe(
        'walked',
      );
      expect(cache.get('layer-b', b?.ino ?? '')).not.toBeNull();
    } finally {
      for (const mount of mounts) await run('umount', [mount]);
    }
  });

  it('reads a layer its engine is still writing again each time, and keeps it once finished', async () => {
    const { root, mounts } = await plantDataRoot();
    const cache = new ScanCache(null);
    const scanWith = (unfinishedLayers: string[]) =>
      scanDataRoot({
        pools,
        dataRoot: root,
        driver: 'overlay2',
        references: references.then((known) => ({
          ...known,
          unfinishedLayers: new Set(unfinishedLayers),
        })),
        cache,
        full: false,
      });
    const layerA = (scan: DataRootScan) =>
      scan.entries.find((entry) => entry.displayName === 'layer-a');
    try {
      const writing = await scanWith(['layer-a']);
      expect(layerA(writing)).toMatchObject({ kind: 'image-layers', cacheKey: null });
      expect(cache.get('layer-a', layerA(writing)?.ino ?? '')).toBeNull();
      // The diff goes on being applied: the layer directory's own entry stays as it was.
      writeFileSync(join(root, 'overlay2/layer-a/diff/more'), Buffer.alloc(30_000, 1));
      const done = await scanWith([]);
      const layerDir = join(root, 'overlay2/layer-a');
      expect(layerA(done)?.ino).toBe(layerA(writing)?.ino);
      expect(layerA(done)?.figures.diskBytes).toBe(await du(['-B1', '-s'], layerDir));
      expect(cache.get('layer-a', layerA(done)?.ino ?? '')?.diskBytes).toBe(
        layerA(done)?.figures.diskBytes,
      );
    } finally {
      for (const mount of mounts) await run('umount', [mount]);
    }
  });
});
