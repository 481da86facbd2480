import { apiRoutes, type ContainerList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const containersQueryKey = ['containers'] as const;

export function getContainers(signal?: AbortSignal): Promise<ContainerList> {
  return getJson<ContainerList>(apiRoutes.containers, { signal });
}

export const containersQueryOptions = queryOptions({
  queryKey: containersQueryKey,
  queryFn: ({ signal }) => getContainers(signal),
});

export function useContainers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...containersQueryOptions, enabled });
}
