import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ContainerList, DiskUsage } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { du } from '../helpers/du.js';
import { runWriter } from '../helpers/fixtures.js';
import { injectHost, privateEngine } from './context.js';

/*
 * A restart with the state dir kept (issue #17, "start fast"): the new server answers with the
 * measurement kept from before, labelled as kept and with its time, and its first scan reads no
 * image layer directory again (counted by the scan's own report) but does read a container's
 * writable layer that changed while no server ran. Every figure is du's, of the data root as
 * it was when kept and as it is after the new scan.
 */

const engine = privateEngine();
const stateDir = mkdtempSync(join(tmpdir(), 'fp-warm-state-'));
const overlay = join(engine.dataRoot, 'overlay2');
const name = `warm-start-${Date.now().toString(36)}`;
type App = Awaited<ReturnType<typeof buildApp>>;

function newApp(): Promise<App> {
  return buildApp({
    dockerHost: engine.dockerHost,
    stateDir,
    watchEngine: false,
    allowedHosts: [injectHost],
  });
}

async function getJson<T>(app: App, url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** The first server's last answer, and the container's writable layer directory then. */
let before: DiskUsage;
let mountId: string;
let upperBefore: number;
let imageLayers: string[];

beforeAll(async () => {
  await runWriter(engine, name, 100_000);
  const upper = (
    await engine.docker(['inspect', '-f', '{{.GraphDriver.Data.UpperDir}}', name])
  ).trim();
  mountId = basename(dirname(upper));
  const first = await newApp();
  try {
    await getJson<DiskUsage>(first, '/api/disk');
    await first.engines.default.diskTruth.whenIdle();
    before = await getJson<DiskUsage>(first, '/api/disk');
    // A fresh state dir: the first scan read every image layer directory itself.
    imageLayers =
      first.engines.default.diskTruth
        .lastScanReport()
        ?.walked.filter((w) => w.kind === 'image-layers')
        .map((w) => w.path.replace(/^overlay2\//, '')) ?? [];
    upperBefore = (await first.engines.default.diskTruth.layerDisk(mountId)).diskBytes ?? -1;
  } finally {
    // Closing writes the kept measurement (it is otherwise written after the scan's answer).
    await first.close();
  }
  // While no server runs, the stopped container's writable layer grows by 200 kB.
  writeFileSync(join(upper, 'written-while-down'), Buffer.alloc(200_000, 7));
});

afterAll(async () => {
  await engine.docker(['rm', '-f', name]).catch(() => {});
  rmSync(stateDir, { recursive: true, force: true });
});

describe('a restart with the state dir kept', () => {
  it('had measured the data root as du, the container layer included', async () => {
    expect(before.measurement).toMatchObject({ measured: true, kept: false, partial: false });
    expect(imageLayers.length).toBeGreaterThan(8);
    expect(upperBefore).toBeGreaterThanOrEqual(100_000);
  });

  it('answers at once with the kept measurement, labelled as kept, before any scan', async () => {
    const app = await newApp();
    try {
      // The first scan starts a second after this request.
      const measurement = await app.engines.default.diskTruth.measurement();
      expect(measurement).toMatchObject({
        measured: true,
        kept: true,
        measuredAt: before.measurement.measuredAt,
        reason: null,
        scan: { state: 'never' },
      });
      // Nor right after the first disk answer: the first screen's other answers come first
      // (the scan starts a second after the first request, or when something waits for it).
      const disk = await getJson<DiskUsage>(app, '/api/disk');
      expect(disk.measurement).toMatchObject({ kept: true, scan: { state: 'never' } });
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(app.engines.default.diskTruth.hasScanned).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('gives the kept figures until the scan is done: du of each immutable layer', async () => {
    const app = await newApp();
    try {
      // As above: no scan is done when the figures are given.
      const kept = await app.engines.default.diskTruth.layerDisks();
      for (const cacheId of imageLayers.slice(0, 12)) {
        const figures = kept.of(cacheId);
        expect(figures.diskBytes, cacheId).toBe(await du(['-B1', '-s'], join(overlay, cacheId)));
        expect(figures.apparentBytes, cacheId).toBe(await du(['-b', '-s'], join(overlay, cacheId)));
      }
      // The writable layer as it was when kept, not as it is now.
      expect(kept.of(mountId).diskBytes).toBe(upperBefore);
    } finally {
      await app.close();
    }
  });

  it('walks no image layer again, re-measures the changed container layer, and equals du', async () => {
    const app = await newApp();
    try {
      await getJson<DiskUsage>(app, '/api/disk');
      await app.engines.default.diskTruth.whenIdle();
      const report = app.engines.default.diskTruth.lastScanReport();
      expect(report?.walked.filter((w) => w.kind === 'image-layers')).toEqual([]);
      expect(report?.cached).toEqual(expect.arrayContaining(imageLayers));
      expect(report?.walked.map((w) => w.path)).toContain(`overlay2/${mountId}`);

      const disk = await getJson<DiskUsage>(app, '/api/disk');
      expect(disk.measurement).toMatchObject({ measured: true, kept: false });
      expect(Date.parse(disk.measurement.measuredAt ?? '')).toBeGreaterThan(
        Date.parse(before.measurement.measuredAt ?? ''),
      );
      expect(disk.dataRoot?.diskBytes).toBe(await du(['-x', '-B1', '-s'], engine.dataRoot));
      expect(disk.dataRoot?.apparentBytes).toBe(await du(['-x', '-b', '-s'], engine.dataRoot));

      const { containers } = await getJson<ContainerList>(app, '/api/containers');
      const layer = containers.find((c) => c.names.includes(name))?.writableLayer;
      const directory = join(overlay, mountId);
      expect(layer?.directory).toBe(directory);
      expect(layer?.diskBytes).toBe(await du(['-B1', '-s'], directory));
      expect(layer?.diskBytes).toBeGreaterThanOrEqual(upperBefore + 200_000);
    } finally {
      await app.close();
    }
  });

  it('ignores a kept measurement of another data root', async () => {
    const file = join(stateDir, 'disk-measurement.json');
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { dataRoot: string };
    writeFileSync(file, JSON.stringify({ ...kept, dataRoot: '/somewhere/else' }));
    const app = await newApp();
    try {
      const measurement = await app.engines.default.diskTruth.measurement();
      expect(measurement).toMatchObject({ measured: false, kept: false, measuredAt: null });
      expect(measurement.reason).toMatch(/first scan/);
    } finally {
      await app.close();
    }
  });
});
