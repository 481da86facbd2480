import { diskCategories, type EngineDiskUsage } from './disk-rows';

export interface DiskChartDatum {
  label: string;
  inUseBytes: number;
  reclaimableBytes: number;
}

/**
 * One stacked bar per category: in use + reclaimable = total. Reclaimable is capped at the total
 * so that a bar never grows past what the category holds, and in use never goes negative.
 */
export function diskChartData(disk: EngineDiskUsage): DiskChartDatum[] {
  return diskCategories.map(({ key, label }) => {
    const { totalBytes, reclaimableBytes } = disk[key];
    const reclaimable = Math.min(Math.max(reclaimableBytes, 0), totalBytes);
    return { label, inUseBytes: totalBytes - reclaimable, reclaimableBytes: reclaimable };
  });
}
