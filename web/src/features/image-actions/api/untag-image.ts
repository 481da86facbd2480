import { apiRoutes, type ImageRemoval, type UntagImageBody } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';
import { invalidateAfterChange } from './invalidate-after-change';

/**
 * POST /api/images/untag: only if the tag still points at this image (else 409 TAG_MOVED); a
 * 409 whose code is `engineActed` in utils/conflicts.ts says the engine acted on another image.
 */
export function untagImage(api: EngineApi, body: UntagImageBody): Promise<ImageRemoval> {
  return api.send<ImageRemoval>('POST', apiRoutes.imagesUntag, body);
}

export function useUntagImage() {
  const client = useQueryClient();
  const api = useEngineApi();
  return useMutation({
    mutationFn: (body: UntagImageBody) => untagImage(api, body),
    onSettled: (result, _error, body) => {
      invalidateAfterChange(client, api.key);
      // The image keeps its other tags: its detail shows them fresh.
      if (result?.outcome !== 'removed') {
        void client.invalidateQueries({ queryKey: queryKeys.image(api.key, body.imageId) });
      }
    },
  });
}
