import { apiRoutes, type TreeListing, type TreeView } from '@footprint/shared';
import { queryOptions, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';
import type { PageLookup, PageState } from '../utils/tree-rows';

/** Entries per request: the API allows 1,000; 500 keeps each answer small. */
export const treePageSize = 500;

export interface TreeParams {
  imageId: string;
  /** Layer index; undefined for the top layer. */
  layer: number | undefined;
  view: TreeView;
  sort: 'name' | 'size';
  /** The change filter (comma-separated types); undefined shows every change. */
  changes?: string | undefined;
}

function treeUrl(params: TreeParams, directory: string, page: number): string {
  const query = new URLSearchParams({
    view: params.view,
    path: directory,
    sort: params.sort,
    order: params.sort === 'size' ? 'desc' : 'asc',
    offset: String(page * treePageSize),
    limit: String(treePageSize),
  });
  if (params.layer !== undefined) query.set('layer', String(params.layer));
  if (params.changes !== undefined) query.set('changes', params.changes);
  return `${apiRoutes.imageTree.replace(':id', encodeURIComponent(params.imageId))}?${query}`;
}

export function getTreePage(
  api: EngineApi,
  params: TreeParams,
  directory: string,
  page: number,
  signal?: AbortSignal,
): Promise<TreeListing> {
  return api.get<TreeListing>(treeUrl(params, directory, page), { signal });
}

export const treePageQueryOptions = (
  api: EngineApi,
  params: TreeParams,
  directory: string,
  page: number,
) =>
  queryOptions({
    queryKey: queryKeys.imageTree(api.key, params, directory, page),
    queryFn: ({ signal }) => getTreePage(api, params, directory, page, signal),
    // A layer's contents never change; only the image a tag names does.
    staleTime: Infinity,
  });

/**
 * The pages of the tree asked for so far (GET /api/images/:id/tree, one directory page each),
 * as a lookup for flattening, plus the root directory's own entry once it is loaded.
 */
export function useTreePages(
  params: TreeParams,
  pages: readonly { directory: string; page: number }[],
  enabled: boolean,
) {
  const api = useEngineApi();
  const results = useQueries({
    queries: pages.map(({ directory, page }) => ({
      ...treePageQueryOptions(api, params, directory, page),
      enabled,
    })),
  });
  const byKey = new Map<string, PageState>();
  results.forEach((result, index) => {
    const { directory, page } = pages[index] as { directory: string; page: number };
    const key = `${directory}\u0000${page}`;
    if (result.data) byKey.set(key, { entries: result.data.entries, total: result.data.total });
    else if (result.error) byKey.set(key, { error: result.error });
  });
  const signature = [...byKey.entries()]
    .map(([key, state]) => `${key}:${'error' in state ? 'e' : state.entries.length}`)
    .join('|');
  // Recompute the lookup only when some page arrived or failed, not on every render.
  const lookup: PageLookup = useMemo(
    () => (directory, page) => byKey.get(`${directory}\u0000${page}`),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [signature, api, params.imageId, params.layer, params.view, params.sort, params.changes],
  );
  return { lookup, first: results[0] };
}
