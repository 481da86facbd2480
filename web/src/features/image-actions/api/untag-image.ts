import { apiRoutes, type ImageRemoval, type UntagImageBody } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';
import { imageQueryKey } from '../../images/api/get-image';
import { invalidateAfterChange } from './invalidate-after-change';

/**
 * POST /api/images/untag: only if the tag still points at this image (else 409 TAG_MOVED); a
 * 409 whose code is `engineActed` in utils/conflicts.ts says the engine acted on another image.
 */
export function untagImage(body: UntagImageBody): Promise<ImageRemoval> {
  return sendJson<ImageRemoval>('POST', apiRoutes.imagesUntag, body);
}

export function useUntagImage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: untagImage,
    onSettled: (result, _error, body) => {
      invalidateAfterChange(client);
      // The image keeps its other tags: its detail shows them fresh.
      if (result?.outcome !== 'removed') {
        void client.invalidateQueries({ queryKey: imageQueryKey(body.imageId) });
      }
    },
  });
}
