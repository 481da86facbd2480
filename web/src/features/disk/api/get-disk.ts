import { apiRoutes, type DiskUsage } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getDisk(api: EngineApi, signal?: AbortSignal): Promise<DiskUsage> {
  return api.get<DiskUsage>(apiRoutes.disk, { signal });
}

export const diskQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.disk(api.key),
    queryFn: ({ signal }) => getDisk(api, signal),
  });

/** `enabled: false` while the engine is down: asking would only fail, and the data is kept. */
export function useDisk({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...diskQueryOptions(api), enabled });
}
