import { type PullList, pullRoutes } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const pullsQueryKey = ['pulls'] as const;

/** GET /api/pull: the pulls the server runs or ran, newest first (a reload finds its pull). */
export const pullsQueryOptions = queryOptions({
  queryKey: pullsQueryKey,
  queryFn: ({ signal }) => getJson<PullList>(pullRoutes.pulls, { signal }),
});

export function usePulls(options: { enabled: boolean }) {
  return useQuery({ ...pullsQueryOptions, enabled: options.enabled });
}
