import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiskUsage, Health, ImageDetail, ImageList } from '@footprint/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureSpecs, loadImages } from '../helpers/fixtures.js';
import { PrivateEngine } from '../helpers/private-engine.js';
import { appOnPrivateEngine, injectHost, type RawDf } from './context.js';

/*
 * A second private engine on the vfs driver: a backend the dashboard does not measure on disk.
 * It must say so plainly and keep every engine figure exact, never showing a number it did not
 * measure.
 */

let engine: PrivateEngine;
let stateDir: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;

beforeAll(async () => {
  engine = await PrivateEngine.start({ storageDriver: 'vfs' });
  await loadImages(engine, [fixtureSpecs.baseAlpha, fixtureSpecs.appOne]);
  stateDir = await mkdtemp(join(tmpdir(), 'fp-state-'));
  app = await appOnPrivateEngine(engine, { stateDir });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await engine?.destroy();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url, headers: { host: injectHost } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

it('names the vfs driver and says the disk is not measured, with no on-disk figure', async () => {
  expect((await getJson<Health>('/api/health')).engine.storageDriver).toBe('vfs');
  const disk = await getJson<DiskUsage>('/api/disk');
  expect(disk.measurement).toMatchObject({ backend: 'vfs', measured: false });
  expect(disk.measurement.reason).toMatch(/engine’s figures/);
  expect(disk.dataRoot).toBeNull();
  expect(disk.orphans).toBeNull();
  // The engine's own figures stay exact.
  const df = await engine.api<RawDf>('/v1.41/system/df');
  expect(disk.images.totalBytes).toBe(df.LayersSize);
  expect(disk.images.count).toBe(df.Images.length);
});

it('lists images with the engine’s sizes, and layers without on-disk bytes but with a reason', async () => {
  const { images } = await getJson<ImageList>('/api/images');
  const df = await engine.api<RawDf>('/v1.41/system/df');
  for (const raw of df.Images) {
    const image = images.find((candidate) => candidate.id === raw.Id);
    expect(image).toMatchObject({ size: raw.Size, sharedSize: raw.SharedSize });
  }
  const appOne = images.find((image) => image.repoTags.includes(fixtureSpecs.appOne.tags[0] ?? ''));
  const detail = await getJson<ImageDetail>(`/api/images/${appOne?.id}`);
  expect(detail.layers).toHaveLength(2);
  for (const layer of detail.layers) {
    expect(layer.diskBytes).toBeNull();
    expect(layer.apparentBytes).toBeNull();
    expect(layer.notMeasuredReason).toMatch(/\S/);
    // The layer metadata is still the engine's: vfs keeps each layer in vfs/dir/<cache-id>.
    expect(existsSync(join(engine.dataRoot, 'vfs', 'dir', layer.cacheId ?? ''))).toBe(true);
  }
  expect(detail.layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0)).toBe(detail.size);
});
