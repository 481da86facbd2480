import type { DiskCategory, DiskUsage } from '@footprint/shared';

/** Why `docker system df`'s image figure is higher than what removing the unused images frees. */
export const dockerImagesReclaimableNote =
  'docker system df counts as reclaimable every image layer that no image in use holds alone, ' +
  'so layers that images in use share are counted although removing the unused images keeps ' +
  'them. The dashboard’s figure is what removing every unused image together frees.';

export type DiskCategoryKey = 'images' | 'containers' | 'volumes' | 'buildCache';

/** The engine's half of GET /api/disk: the four rows of `docker system df`. */
export type EngineDiskUsage = Pick<DiskUsage, DiskCategoryKey>;

/** The rows of `docker system df`, in its order and with its names. */
export const diskCategories: readonly { key: DiskCategoryKey; label: string }[] = [
  { key: 'images', label: 'Images' },
  { key: 'containers', label: 'Containers' },
  { key: 'volumes', label: 'Local volumes' },
  { key: 'buildCache', label: 'Build cache' },
];

export interface DiskRow extends DiskCategory {
  key: DiskCategoryKey;
  label: string;
  /** Whole percent of the total, truncated as the docker CLI prints it; null when total is 0. */
  reclaimablePercent: number | null;
}

/** Reclaimable as a whole percent of total, truncated like the CLI's integer division. */
export function reclaimablePercent(totalBytes: number, reclaimableBytes: number): number | null {
  if (totalBytes <= 0) return null;
  return Math.trunc((reclaimableBytes * 100) / totalBytes);
}

export function diskRows(disk: EngineDiskUsage): DiskRow[] {
  return diskCategories.map(({ key, label }) => ({
    key,
    label,
    ...disk[key],
    reclaimablePercent: reclaimablePercent(disk[key].totalBytes, disk[key].reclaimableBytes),
  }));
}

/** The four rows added up; `docker system df` counts each category on its own. */
export function diskTotals(disk: EngineDiskUsage): {
  totalBytes: number;
  reclaimableBytes: number;
} {
  let totalBytes = 0;
  let reclaimableBytes = 0;
  for (const { key } of diskCategories) {
    totalBytes += disk[key].totalBytes;
    reclaimableBytes += disk[key].reclaimableBytes;
  }
  return { totalBytes, reclaimableBytes };
}
