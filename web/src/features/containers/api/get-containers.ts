import { apiRoutes, type ContainerList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getContainers(api: EngineApi, signal?: AbortSignal): Promise<ContainerList> {
  return api.get<ContainerList>(apiRoutes.containers, { signal });
}

export const containersQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.containers(api.key),
    queryFn: ({ signal }) => getContainers(api, signal),
  });

export function useContainers({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...containersQueryOptions(api), enabled });
}
