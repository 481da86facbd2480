import { apiRoutes, type PrunePreview, type PruneRequest } from '@footprint/shared';
import { useMutation } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';

/** POST /api/prune/preview: what would go and the exact bytes; changes nothing. */
export function previewPrune(request: PruneRequest): Promise<PrunePreview> {
  return sendJson<PrunePreview>('POST', apiRoutes.prunePreview, request);
}

export function usePreviewPrune() {
  return useMutation({ mutationFn: previewPrune });
}
