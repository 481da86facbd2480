import { apiRoutes, type VolumeList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getVolumes(api: EngineApi, signal?: AbortSignal): Promise<VolumeList> {
  return api.get<VolumeList>(apiRoutes.volumes, { signal });
}

export const volumesQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.volumes(api.key),
    queryFn: ({ signal }) => getVolumes(api, signal),
  });

export function useVolumes({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...volumesQueryOptions(api), enabled });
}
