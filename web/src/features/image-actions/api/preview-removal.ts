import { apiRoutes, type RemovalPreview, type RemovalPreviewBody } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

/**
 * POST /api/images/remove/preview: what removing exactly these images frees, as the engine
 * counts it and on disk. Changes nothing, but goes like a removal (session cookie, JSON body,
 * refused in read-only mode), so it is a POST. Not under the images key (queryKeys): live
 * events must not re-ask it while the dialog is open, so that what the person confirms is what
 * they read.
 */
export function previewRemoval(api: EngineApi, ids: readonly string[]): Promise<RemovalPreview> {
  const body: RemovalPreviewBody = { ids: [...ids] };
  return api.send<RemovalPreview>('POST', apiRoutes.imagesRemovePreview, body);
}

export const removalPreviewQueryOptions = (api: EngineApi, ids: readonly string[]) =>
  queryOptions({
    queryKey: queryKeys.removalPreview(api.key, ids),
    queryFn: () => previewRemoval(api, ids),
    // Asked each time the dialog opens, never from an earlier answer, and then held still.
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

/** The preview for the removal dialog, asked when it opens. */
export function useRemovalPreview(ids: readonly string[]) {
  const api = useEngineApi();
  return useQuery(removalPreviewQueryOptions(api, ids));
}
