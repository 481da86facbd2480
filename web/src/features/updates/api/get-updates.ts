import { apiRoutes, type ImageUpdate, type UpdateList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

/**
 * Under ['images']: an images-changed event asks again, so a result whose image's tags changed
 * since the check says so (tagsChanged) at once.
 */
export const updatesQueryKey = ['images', 'updates'] as const;

/** While a check runs on the server, its progress is read once a second. */
const whileRunningMs = 1000;

export function getUpdates(signal?: AbortSignal): Promise<UpdateList> {
  return getJson<UpdateList>(apiRoutes.updates, { signal });
}

export const updatesQueryOptions = queryOptions({
  queryKey: updatesQueryKey,
  queryFn: ({ signal }) => getUpdates(signal),
  refetchInterval: (query) => (query.state.data?.progress.running ? whileRunningMs : false),
});

export function useUpdates({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...updatesQueryOptions, enabled });
}

/** One image's kept result; null when it was never checked. */
export function useImageUpdate(id: string): ImageUpdate | null {
  const { data } = useQuery({
    ...updatesQueryOptions,
    select: (list) => list.results.find((result) => result.id === id) ?? null,
  });
  return data ?? null;
}
