import type { BuildCacheRecord } from '@footprint/shared';

export type BuildCacheFilter = 'all' | 'reclaimable' | 'in-use' | 'shared';

/**
 * What `docker builder prune` would free: records neither in use nor shared with image layers
 * (the engine counts the same as reclaimable in /system/df).
 */
export function isReclaimable(record: BuildCacheRecord): boolean {
  return !record.inUse && !record.shared;
}

export function filterBuildCache(
  records: readonly BuildCacheRecord[],
  filter: string,
): BuildCacheRecord[] {
  const sorted = [...records].sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
  if (filter === 'reclaimable') return sorted.filter(isReclaimable);
  if (filter === 'in-use') return sorted.filter((record) => record.inUse);
  if (filter === 'shared') return sorted.filter((record) => record.shared);
  return sorted;
}
