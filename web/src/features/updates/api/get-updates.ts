import { apiRoutes, type ImageUpdate, type UpdateList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

/** While a check runs on the server, its progress is read once a second. */
const whileRunningMs = 1000;

export function getUpdates(api: EngineApi, signal?: AbortSignal): Promise<UpdateList> {
  return api.get<UpdateList>(apiRoutes.updates, { signal });
}

/**
 * Under the images key (queryKeys.imageUpdates): an images-changed event asks again, so a
 * result whose image's tags changed since the check says so (tagsChanged) at once.
 */
export const updatesQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.imageUpdates(api.key),
    queryFn: ({ signal }) => getUpdates(api, signal),
    refetchInterval: (query) => (query.state.data?.progress.running ? whileRunningMs : false),
  });

export function useUpdates({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...updatesQueryOptions(api), enabled });
}

/** One image's kept result; null when it was never checked. */
export function useImageUpdate(id: string): ImageUpdate | null {
  const api = useEngineApi();
  const { data } = useQuery({
    ...updatesQueryOptions(api),
    select: (list) => list.results.find((result) => result.id === id) ?? null,
  });
  return data ?? null;
}
