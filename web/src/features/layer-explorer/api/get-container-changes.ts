import { apiRoutes, type ContainerChanges } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export function getContainerChanges(id: string, signal?: AbortSignal): Promise<ContainerChanges> {
  const path = apiRoutes.containerChanges.replace(':id', encodeURIComponent(id));
  return getJson<ContainerChanges>(path, { signal });
}

export const containerChangesQueryOptions = (id: string) =>
  queryOptions({
    // Under ['containers'] so that a container event (live-events.ts) refreshes it too.
    queryKey: ['containers', id, 'changes'] as const,
    queryFn: ({ signal }) => getContainerChanges(id, signal),
  });

/** What a container wrote, as `docker diff` lists it, with sizes (GET /api/containers/:id/changes). */
export function useContainerChanges(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...containerChangesQueryOptions(id), enabled });
}
