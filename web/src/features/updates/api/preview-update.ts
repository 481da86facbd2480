import { type PullPreview, type PullRequest, pullRoutes } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

/*
 * What pulling a tag's new image would download into this engine: the pull preview (POST
 * /api/pull/preview), asked by the image page's Update section. Not under the images key
 * (queryKeys.updatePreview: live events would ask the registry again on every engine change);
 * asked again when the section opens after a minute.
 */
export function previewUpdate(api: EngineApi, reference: string): Promise<PullPreview> {
  const body: PullRequest = { reference };
  return api.send<PullPreview>('POST', pullRoutes.preview, body);
}

export const updatePreviewQueryOptions = (api: EngineApi, reference: string) =>
  queryOptions({
    queryKey: queryKeys.updatePreview(api.key, reference),
    queryFn: () => previewUpdate(api, reference),
    staleTime: 60_000,
    retry: false,
    refetchOnWindowFocus: false,
  });

export function useUpdatePreview(reference: string | null) {
  const api = useEngineApi();
  return useQuery({
    ...updatePreviewQueryOptions(api, reference ?? ''),
    enabled: reference !== null,
  });
}
