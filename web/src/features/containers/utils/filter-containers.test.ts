import type { ContainerDisk } from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import { containerTotals, writableDiskBytes } from './filter-containers';

function container(id: string, diskBytes: number, initDiskBytes: number): ContainerDisk {
  return {
    id: id.repeat(64),
    names: [`c-${id}`],
    image: 'app:1',
    imageId: `sha256:${'f'.repeat(64)}`,
    state: 'exited',
    sizeRw: 3_170_000,
    writableLayer: {
      directory: `/overlay2/${id}`,
      diskBytes,
      apparentBytes: diskBytes,
      initDiskBytes,
    },
    logs: { diskBytes: 4_096, apparentBytes: 10, files: [] },
    containerDirDiskBytes: 8_192,
    notMeasuredReason: null,
  };
}

describe('a container’s writable layer on disk', () => {
  it('is the same quantity in a row and in the total: the layer and its -init layer', () => {
    // The page total once read 3.219 MB beside its only row's 3.17 MB: the total had the -init
    // layer, the row had not.
    const only = container('a', 3_170_304, 49_152);
    expect(writableDiskBytes(only)).toBe(3_219_456);
    expect(containerTotals([only]).writableDiskBytes).toBe(writableDiskBytes(only));
    const other = container('b', 8_192, 16_384);
    expect(containerTotals([only, other]).writableDiskBytes).toBe(3_219_456 + 24_576);
  });

  it('is not known when a layer is not measured, in the row and in the total', () => {
    const unmeasured = { ...container('c', 0, 0), writableLayer: null };
    expect(writableDiskBytes(unmeasured)).toBeNull();
    expect(containerTotals([container('a', 1, 2), unmeasured]).writableDiskBytes).toBeNull();
  });
});
