import { apiRoutes, type PrunePreview, type PruneRequest } from '@footprint/shared';
import { useMutation } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';

/** POST /api/prune/preview: what would go and the exact bytes; changes nothing. */
export function previewPrune(api: EngineApi, request: PruneRequest): Promise<PrunePreview> {
  return api.send<PrunePreview>('POST', apiRoutes.prunePreview, request);
}

export function usePreviewPrune() {
  const api = useEngineApi();
  return useMutation({ mutationFn: (request: PruneRequest) => previewPrune(api, request) });
}
