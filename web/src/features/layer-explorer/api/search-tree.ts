import { apiRoutes, type TreeSearch, type TreeView } from '@footprint/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export const searchLimit = 200;

export interface TreeSearchParams {
  imageId: string;
  layer: number | undefined;
  view: TreeView;
  q: string;
  /** The change filter (comma-separated types); undefined matches every change. */
  changes?: string | undefined;
}

export function searchTree(
  api: EngineApi,
  params: TreeSearchParams,
  signal?: AbortSignal,
): Promise<TreeSearch> {
  const query = new URLSearchParams({ q: params.q, view: params.view, limit: String(searchLimit) });
  if (params.layer !== undefined) query.set('layer', String(params.layer));
  if (params.changes !== undefined) query.set('changes', params.changes);
  const path = apiRoutes.imageTreeSearch.replace(':id', encodeURIComponent(params.imageId));
  return api.get<TreeSearch>(`${path}?${query}`, { signal });
}

export const treeSearchQueryOptions = (api: EngineApi, params: TreeSearchParams) =>
  queryOptions({
    queryKey: queryKeys.imageTreeSearch(api.key, params),
    queryFn: ({ signal }) => searchTree(api, params, signal),
    staleTime: Infinity,
  });

/** Entries whose path contains `q`, any case (GET /api/images/:id/tree/search). */
export function useTreeSearch(params: TreeSearchParams, { enabled = true } = {}) {
  const api = useEngineApi();
  return useQuery({
    ...treeSearchQueryOptions(api, params),
    enabled: enabled && params.q.length > 0,
    placeholderData: keepPreviousData,
  });
}
