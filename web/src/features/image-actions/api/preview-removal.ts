import { apiRoutes, type RemovalPreview, type RemovalPreviewBody } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';

/**
 * Not under ['images']: live events must not re-ask it while the dialog is open, so that what
 * the person confirms is what they read.
 */
export const removalPreviewQueryKey = (ids: readonly string[]) =>
  ['image-removal-preview', ...ids] as const;

/**
 * POST /api/images/remove/preview: what removing exactly these images frees, as the engine
 * counts it and on disk. Changes nothing, but goes like a removal (session cookie, JSON body,
 * refused in read-only mode), so it is a POST.
 */
export function previewRemoval(ids: readonly string[]): Promise<RemovalPreview> {
  const body: RemovalPreviewBody = { ids: [...ids] };
  return sendJson<RemovalPreview>('POST', apiRoutes.imagesRemovePreview, body);
}

export const removalPreviewQueryOptions = (ids: readonly string[]) =>
  queryOptions({
    queryKey: removalPreviewQueryKey(ids),
    queryFn: () => previewRemoval(ids),
    // Asked each time the dialog opens, never from an earlier answer, and then held still.
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

/** The preview for the removal dialog, asked when it opens. */
export function useRemovalPreview(ids: readonly string[]) {
  return useQuery(removalPreviewQueryOptions(ids));
}
