import { apiRoutes, type TreeSearch, type TreeView } from '@footprint/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const searchLimit = 200;

export interface TreeSearchParams {
  imageId: string;
  layer: number | undefined;
  view: TreeView;
  q: string;
  /** The change filter (comma-separated types); undefined matches every change. */
  changes?: string | undefined;
}

export function searchTree(params: TreeSearchParams, signal?: AbortSignal): Promise<TreeSearch> {
  const query = new URLSearchParams({ q: params.q, view: params.view, limit: String(searchLimit) });
  if (params.layer !== undefined) query.set('layer', String(params.layer));
  if (params.changes !== undefined) query.set('changes', params.changes);
  const path = apiRoutes.imageTreeSearch.replace(':id', encodeURIComponent(params.imageId));
  return getJson<TreeSearch>(`${path}?${query}`, { signal });
}

export const treeSearchQueryOptions = (params: TreeSearchParams) =>
  queryOptions({
    queryKey: [
      'image-tree-search',
      params.imageId,
      params.layer ?? 'top',
      params.view,
      params.q,
      params.changes ?? 'all',
    ],
    queryFn: ({ signal }) => searchTree(params, signal),
    staleTime: Infinity,
  });

/** Entries whose path contains `q`, any case (GET /api/images/:id/tree/search). */
export function useTreeSearch(params: TreeSearchParams, { enabled = true } = {}) {
  return useQuery({
    ...treeSearchQueryOptions(params),
    enabled: enabled && params.q.length > 0,
    placeholderData: keepPreviousData,
  });
}
