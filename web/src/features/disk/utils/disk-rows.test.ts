import { describe, expect, it } from 'vitest';
import { engineDiskUsage as diskUsage } from '../../../test/fixtures';
import { diskRows, diskTotals, reclaimablePercent } from './disk-rows';

describe('reclaimablePercent', () => {
  it('truncates like the CLI’s integer division', () => {
    expect(reclaimablePercent(1_000, 250)).toBe(25);
    expect(reclaimablePercent(3, 2)).toBe(66); // 66.67, not rounded up
    expect(reclaimablePercent(30_000, 10_000)).toBe(33);
    expect(reclaimablePercent(2_000_000, 2_000_000)).toBe(100);
  });

  it('has no percent of nothing', () => {
    expect(reclaimablePercent(0, 0)).toBeNull();
  });
});

describe('diskRows', () => {
  it('lists the four categories in `docker system df` order, with their percent', () => {
    expect(
      diskRows(diskUsage).map((row) => [row.label, row.count, row.active, row.reclaimablePercent]),
    ).toEqual([
      ['Images', 5, 2, 25],
      ['Containers', 3, 1, 33],
      ['Local volumes', 0, 0, null],
      ['Build cache', 10, 0, 100],
    ]);
  });
});

describe('diskTotals', () => {
  it('adds the four categories', () => {
    // 1,000,000,000 + 30,000 + 0 + 2,000,000 and 250,000,000 + 10,000 + 0 + 2,000,000.
    expect(diskTotals(diskUsage)).toEqual({
      totalBytes: 1_002_030_000,
      reclaimableBytes: 252_010_000,
    });
  });
});
