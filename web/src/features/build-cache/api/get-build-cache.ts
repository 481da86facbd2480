import { apiRoutes, type BuildCacheList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getBuildCache(api: EngineApi, signal?: AbortSignal): Promise<BuildCacheList> {
  return api.get<BuildCacheList>(apiRoutes.buildCache, { signal });
}

export const buildCacheQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.buildCache(api.key),
    queryFn: ({ signal }) => getBuildCache(api, signal),
  });

export function useBuildCache({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...buildCacheQueryOptions(api), enabled });
}
