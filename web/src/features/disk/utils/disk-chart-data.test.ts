import { describe, expect, it } from 'vitest';
import { engineDiskUsage as diskUsage } from '../../../test/fixtures';
import { diskChartData } from './disk-chart-data';

describe('diskChartData', () => {
  it('splits each category into in use (total − reclaimable) and reclaimable', () => {
    expect(diskChartData(diskUsage)).toEqual([
      { label: 'Images', inUseBytes: 750_000_000, reclaimableBytes: 250_000_000 },
      { label: 'Containers', inUseBytes: 20_000, reclaimableBytes: 10_000 },
      { label: 'Local volumes', inUseBytes: 0, reclaimableBytes: 0 },
      { label: 'Build cache', inUseBytes: 0, reclaimableBytes: 2_000_000 },
    ]);
  });

  it('never lets a bar grow past the total', () => {
    const odd = {
      ...diskUsage,
      images: { ...diskUsage.images, totalBytes: 100, reclaimableBytes: 150 },
    };
    expect(diskChartData(odd)[0]).toEqual({
      label: 'Images',
      inUseBytes: 0,
      reclaimableBytes: 100,
    });
  });
});
