import { apiRoutes, type VolumeList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const volumesQueryKey = ['volumes'] as const;

export function getVolumes(signal?: AbortSignal): Promise<VolumeList> {
  return getJson<VolumeList>(apiRoutes.volumes, { signal });
}

export const volumesQueryOptions = queryOptions({
  queryKey: volumesQueryKey,
  queryFn: ({ signal }) => getVolumes(signal),
});

export function useVolumes({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...volumesQueryOptions, enabled });
}
