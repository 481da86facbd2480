import { apiRoutes, type DiskUsage } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const diskQueryKey = ['disk'] as const;

export function getDisk(signal?: AbortSignal): Promise<DiskUsage> {
  return getJson<DiskUsage>(apiRoutes.disk, { signal });
}

export const diskQueryOptions = queryOptions({
  queryKey: diskQueryKey,
  queryFn: ({ signal }) => getDisk(signal),
});

/** `enabled: false` while the engine is down: asking would only fail, and the data is kept. */
export function useDisk({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...diskQueryOptions, enabled });
}
