import { apiRoutes, type PruneStatus } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getPruneStatus(api: EngineApi, signal?: AbortSignal): Promise<PruneStatus> {
  return api.get<PruneStatus>(apiRoutes.prune, { signal });
}

export const pruneStatusQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.pruneStatus(api.key),
    queryFn: ({ signal }) => getPruneStatus(api, signal),
    staleTime: 0,
    // While one runs (maybe from another tab), ask again until it is over.
    refetchInterval: (query) => (query.state.data?.running ? 1_000 : false),
  });

/** Whether a prune is running on this engine, and the last one's result (GET /api/prune). */
export function usePruneStatus() {
  const api = useEngineApi();
  return useQuery(pruneStatusQueryOptions(api));
}
