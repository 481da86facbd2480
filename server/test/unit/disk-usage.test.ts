import { describe, expect, it } from 'vitest';
import { summarizeDiskUsage } from '../../src/domain/disk-usage.js';
import type { DiskUsageSnapshot, EngineImage } from '../../src/domain/types.js';

function image(id: string, size: number, sharedSize: number, containers: number): EngineImage {
  return {
    id,
    repoTags: [],
    repoDigests: [],
    created: '2026-01-01T00:00:00.000Z',
    containers,
    size,
    sharedSize,
  };
}

/*
 * A hand-made host: base (100 B) shared by app-a (100 + 30) and app-b (100 + 50); lone (20 B).
 * Layers on disk, each counted once: 100 + 30 + 50 + 20 = 200 bytes.
 */
const snapshot: DiskUsageSnapshot = {
  layersSize: 200,
  images: [
    image('base', 100, 100, 0),
    image('app-a', 130, 100, 1),
    image('app-b', 150, 100, 2),
    image('lone', 20, 0, 0),
  ],
  containers: [
    { id: 'c1', names: ['c1'], image: 'app-a', imageId: 'app-a', state: 'running', sizeRw: 7 },
    { id: 'c2', names: ['c2'], image: 'app-b', imageId: 'app-b', state: 'exited', sizeRw: 11 },
    { id: 'c3', names: ['c3'], image: 'app-b', imageId: 'app-b', state: 'paused', sizeRw: 13 },
    { id: 'c4', names: ['c4'], image: 'app-b', imageId: 'app-b', state: 'created', sizeRw: null },
  ],
  volumes: [
    { name: 'used', size: 40, refCount: 1 },
    { name: 'unused', size: 25, refCount: 0 },
    { name: 'remote', size: -1, refCount: 0 },
  ],
  buildCache: [
    { id: 'b1', inUse: false, shared: false, size: 60 },
    { id: 'b2', inUse: true, shared: false, size: 15 },
    { id: 'b3', inUse: true, shared: true, size: 500 },
    { id: 'b4', inUse: false, shared: true, size: 9 },
  ],
};

describe('summarizeDiskUsage (the rows of `docker system df`)', () => {
  const usage = summarizeDiskUsage(snapshot, '2026-11-24T00:00:00.000Z');

  it('images: all layers once; reclaimable is what unused images alone hold', () => {
    // In use: app-a keeps 130 − 100 = 30 unique, app-b 150 − 100 = 50 unique: 80 stay.
    // The CLI's rule leaves the shared base out of "in use": 200 − 80 = 120 reclaimable.
    expect(usage.images).toEqual({ count: 4, active: 2, totalBytes: 200, reclaimableBytes: 120 });
  });

  it('containers: running, paused and restarting are active; the rest is reclaimable', () => {
    // Total 7 + 11 + 13 + 0 = 31; reclaimable: exited 11 + created 0 = 11.
    expect(usage.containers).toEqual({ count: 4, active: 2, totalBytes: 31, reclaimableBytes: 11 });
  });

  it('volumes: unknown sizes are left out of the bytes, unreferenced ones are reclaimable', () => {
    expect(usage.volumes).toEqual({ count: 3, active: 1, totalBytes: 65, reclaimableBytes: 25 });
  });

  it('build cache: shared records do not count; in-use bytes are not reclaimable', () => {
    // Not shared: 60 + 15 = 75; in use and not shared: 15; reclaimable 60.
    expect(usage.buildCache).toEqual({ count: 4, active: 2, totalBytes: 75, reclaimableBytes: 60 });
  });

  it('labels the figures as the engine’s', () => {
    expect(usage.source).toBe('engine');
  });
});
