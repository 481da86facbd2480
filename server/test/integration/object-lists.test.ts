import type { BuildCacheList, VolumeList } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOnPrivateEngine, fixtures, privateEngine } from './context.js';

const engine = privateEngine();
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;

interface RawDfLists {
  Volumes: { Name: string; UsageData?: { Size: number; RefCount: number } | null }[] | null;
  BuildCache: { ID: string; Size: number; InUse: boolean; Shared: boolean }[] | null;
}

beforeAll(async () => {
  app = await appOnPrivateEngine(engine, { watchEngine: false });
});
afterAll(() => app.close());

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

describe('GET /api/volumes', () => {
  it('lists every volume with the engine’s size and the containers that mount it', async () => {
    const { volumes } = await getJson<VolumeList>('/api/volumes');
    const df = await engine.api<RawDfLists>('/v1.41/system/df');
    expect(volumes.map((volume) => volume.name).sort()).toEqual(
      (df.Volumes ?? []).map((volume) => volume.Name).sort(),
    );
    for (const raw of df.Volumes ?? []) {
      const volume = volumes.find((candidate) => candidate.name === raw.Name);
      const size = raw.UsageData?.Size ?? -1;
      expect(volume?.size).toBe(size >= 0 ? size : null);
      expect(volume?.containers.length).toBe(raw.UsageData?.RefCount ?? 0);
    }
    const byName = new Map(volumes.map((volume) => [volume.name, volume]));
    // 20 blocks of 1,000 bytes written by the fixtures (dd bs=1000 count=20).
    expect(byName.get('footprint-unused')).toMatchObject({ size: 20_000, containers: [] });
    expect(byName.get('footprint-empty')).toMatchObject({ size: 0, containers: [] });
    expect(byName.get('footprint-used')?.size).toBe(20_000);
    expect(byName.get('footprint-used')?.containers).toEqual([
      expect.objectContaining({ name: 'footprint-volume-user' }),
    ]);
  });
});

describe('GET /api/build-cache', () => {
  it('lists the engine’s build cache records with their sizes and flags', async () => {
    const { records } = await getJson<BuildCacheList>('/api/build-cache');
    const df = await engine.api<RawDfLists>('/v1.41/system/df');
    const raw = df.BuildCache ?? [];
    expect(fixtures().images.built).toBeDefined();
    expect(raw.length).toBeGreaterThan(0);
    expect(records.map((record) => record.id).sort()).toEqual(raw.map((r) => r.ID).sort());
    for (const record of raw) {
      expect(records.find((candidate) => candidate.id === record.ID)).toMatchObject({
        size: record.Size,
        inUse: record.InUse,
        shared: record.Shared,
      });
    }
  });
});
