import { apiRoutes, type PruneStatus } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const pruneStatusQueryKey = ['prune-status'] as const;

export function getPruneStatus(signal?: AbortSignal): Promise<PruneStatus> {
  return getJson<PruneStatus>(apiRoutes.prune, { signal });
}

export const pruneStatusQueryOptions = queryOptions({
  queryKey: pruneStatusQueryKey,
  queryFn: ({ signal }) => getPruneStatus(signal),
  staleTime: 0,
  // While one runs (maybe from another tab), ask again until it is over.
  refetchInterval: (query) => (query.state.data?.running ? 1_000 : false),
});

/** Whether a prune is running on the server, and the last one's result (GET /api/prune). */
export function usePruneStatus() {
  return useQuery(pruneStatusQueryOptions);
}
