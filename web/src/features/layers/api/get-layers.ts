import { apiRoutes, type LayerList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const layersQueryKey = ['layers'] as const;

export function getLayers(signal?: AbortSignal): Promise<LayerList> {
  return getJson<LayerList>(apiRoutes.layers, { signal });
}

export const layersQueryOptions = queryOptions({
  queryKey: layersQueryKey,
  queryFn: ({ signal }) => getLayers(signal),
});

/** Every layer of every image once (GET /api/layers): the tree, reuse and freed bytes. */
export function useLayers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...layersQueryOptions, enabled });
}
