import { apiRoutes, type LayerList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getLayers(api: EngineApi, signal?: AbortSignal): Promise<LayerList> {
  return api.get<LayerList>(apiRoutes.layers, { signal });
}

export const layersQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.layers(api.key),
    queryFn: ({ signal }) => getLayers(api, signal),
  });

/** Every layer of every image once (GET /api/layers): the tree, reuse and freed bytes. */
export function useLayers({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...layersQueryOptions(api), enabled });
}
