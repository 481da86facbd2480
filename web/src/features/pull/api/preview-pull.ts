import { type PullPreview, type PullRequest, pullRoutes } from '@footprint/shared';
import { useMutation } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';

/** POST /api/pull/preview: what a pull will download and add on this engine's disk; changes nothing. */
export function previewPull(api: EngineApi, request: PullRequest): Promise<PullPreview> {
  return api.send<PullPreview>('POST', pullRoutes.preview, request);
}

export function usePreviewPull() {
  const api = useEngineApi();
  return useMutation({ mutationFn: (request: PullRequest) => previewPull(api, request) });
}
