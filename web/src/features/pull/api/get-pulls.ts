import { type PullList, pullRoutes } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

/** GET /api/pull: the pulls this engine runs or ran, newest first (a reload finds its pull). */
export const pullsQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.pulls(api.key),
    queryFn: ({ signal }) => api.get<PullList>(pullRoutes.pulls, { signal }),
  });

export function usePulls(options: { enabled: boolean }) {
  const api = useEngineApi();
  return useQuery({ ...pullsQueryOptions(api), enabled: options.enabled });
}
