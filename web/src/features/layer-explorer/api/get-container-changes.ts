import { apiRoutes, type ContainerChanges } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getContainerChanges(
  api: EngineApi,
  id: string,
  signal?: AbortSignal,
): Promise<ContainerChanges> {
  const path = apiRoutes.containerChanges.replace(':id', encodeURIComponent(id));
  return api.get<ContainerChanges>(path, { signal });
}

export const containerChangesQueryOptions = (api: EngineApi, id: string) =>
  queryOptions({
    // Under the containers key so that a container event (live-events.ts) refreshes it too.
    queryKey: queryKeys.containerChanges(api.key, id),
    queryFn: ({ signal }) => getContainerChanges(api, id, signal),
  });

/** What a container wrote, as `docker diff` lists it, with sizes (GET /api/containers/:id/changes). */
export function useContainerChanges(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...containerChangesQueryOptions(api, id), enabled });
}
