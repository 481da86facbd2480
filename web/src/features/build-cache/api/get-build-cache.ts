import { apiRoutes, type BuildCacheList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const buildCacheQueryKey = ['build-cache'] as const;

export function getBuildCache(signal?: AbortSignal): Promise<BuildCacheList> {
  return getJson<BuildCacheList>(apiRoutes.buildCache, { signal });
}

export const buildCacheQueryOptions = queryOptions({
  queryKey: buildCacheQueryKey,
  queryFn: ({ signal }) => getBuildCache(signal),
});

export function useBuildCache({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...buildCacheQueryOptions, enabled });
}
