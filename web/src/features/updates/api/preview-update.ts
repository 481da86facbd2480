import { type PullPreview, type PullRequest, pullRoutes } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';

/*
 * What pulling a tag's new image would download: the pull preview (POST /api/pull/preview),
 * asked by the image page's Update section. Not under ['images'] (live events would ask the
 * registry again on every engine change); asked again when the section opens after a minute.
 */
export const updatePreviewQueryKey = (reference: string) => ['update-preview', reference] as const;

export function previewUpdate(reference: string): Promise<PullPreview> {
  const body: PullRequest = { reference };
  return sendJson<PullPreview>('POST', pullRoutes.preview, body);
}

export const updatePreviewQueryOptions = (reference: string) =>
  queryOptions({
    queryKey: updatePreviewQueryKey(reference),
    queryFn: () => previewUpdate(reference),
    staleTime: 60_000,
    retry: false,
    refetchOnWindowFocus: false,
  });

export function useUpdatePreview(reference: string | null) {
  return useQuery({ ...updatePreviewQueryOptions(reference ?? ''), enabled: reference !== null });
}
