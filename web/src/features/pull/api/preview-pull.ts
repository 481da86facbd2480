import { type PullPreview, type PullRequest, pullRoutes } from '@footprint/shared';
import { useMutation } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';

/** POST /api/pull/preview: what a pull will download and add on disk; changes nothing. */
export function previewPull(request: PullRequest): Promise<PullPreview> {
  return sendJson<PullPreview>('POST', pullRoutes.preview, request);
}

export function usePreviewPull() {
  return useMutation({ mutationFn: previewPull });
}
