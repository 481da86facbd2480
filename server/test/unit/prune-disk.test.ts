import { describe, expect, it } from 'vitest';
import { removedDiskBytes, removedPaths } from '../../src/domain/prune-disk.js';
import type { PlannedItem } from '../../src/domain/prune-types.js';
import { diskOutcome } from '../../src/services/prune-disk.js';

const layout = {
  driver: 'overlay2',
  cacheIdOf: (chainId: string) => ({ 'sha256:c1': 'dir1', 'sha256:c2': 'dir2' })[chainId] ?? null,
  linkOf: (cacheId: string) => (cacheId === 'dir1' ? 'LINK1' : null),
  mountsOf: (id: string) => (id === 'box' ? { mountId: 'rw', initId: 'rw-init' } : null),
};
const item = (kind: PlannedItem['kind'], id: string): PlannedItem => ({
  kind,
  id,
  name: '',
  reason: 'unused-images',
  bytes: 0,
  bytesKnown: true,
});

describe('removedPaths', () => {
  it('an image: its config and metadata, and each freed layer with its link and record', () => {
    expect(removedPaths(item('image', 'sha256:abc'), ['sha256:c1', 'sha256:c2'], layout)).toEqual([
      'image/overlay2/imagedb/content/sha256/abc',
      'image/overlay2/imagedb/metadata/sha256/abc',
      'overlay2/dir1',
      'overlay2/l/LINK1',
      'image/overlay2/layerdb/sha256/c1',
      'overlay2/dir2',
      'image/overlay2/layerdb/sha256/c2',
    ]);
    // A layer whose directory is not known: the image's figure is not known either.
    expect(removedPaths(item('image', 'sha256:abc'), ['sha256:c3'], layout)).toBeNull();
  });

  it('a container: both layers, containers/<id> and its mount record; a volume; build cache', () => {
    expect(removedPaths(item('container', 'box'), [], layout)).toEqual([
      'overlay2/rw',
      'overlay2/rw-init',
      'containers/box',
      'image/overlay2/layerdb/mounts/box',
    ]);
    expect(removedPaths(item('container', 'other'), [], layout)).toBeNull();
    expect(removedPaths(item('volume', 'data'), [], layout)).toEqual(['volumes/data']);
    expect(removedPaths(item('build-cache', 'r1'), [], layout)).toBeNull();
  });
});

describe('removedDiskBytes', () => {
  it('sums each item’s paths; null where one path has no figure', () => {
    const figures: Record<string, number | null> = { a: 4096, b: 8192, c: null };
    expect(
      removedDiskBytes([['a', 'b'], ['a'], ['b', 'c'], null, []], (p) => figures[p] ?? null),
    ).toEqual([12_288, 4096, null, null, 0]);
  });
});

describe('diskOutcome', () => {
  const at = '2026-01-01T00:00:00.000Z';
  it('before minus after, or the reason of the first measurement that failed', () => {
    expect(
      diskOutcome({ diskBytes: 10_000, measuredAt: at }, { diskBytes: 7000, measuredAt: at }),
    ).toEqual({
      disk: { beforeBytes: 10_000, afterBytes: 7000, reclaimedBytes: 3000, measuredAt: at },
      diskNote: null,
    });
    expect(diskOutcome({ reason: 'not readable' }, null)).toEqual({
      disk: null,
      diskNote: 'not readable',
    });
    expect(diskOutcome({ diskBytes: 1, measuredAt: at }, { reason: 'engine away' })).toEqual({
      disk: null,
      diskNote: 'engine away',
    });
    expect(diskOutcome(null, null)).toEqual({ disk: null, diskNote: null });
  });
});
