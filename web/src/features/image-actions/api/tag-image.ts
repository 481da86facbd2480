import { apiRoutes, type ImageTagging, type TagImageBody } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';
import { invalidateAfterChange } from './invalidate-after-change';

/**
 * POST /api/images/tag: by the image's full ID. A name on another image is a 409
 * TAG_ON_OTHER_IMAGE; it moves only with move and that image as expectedCurrent.
 */
export function tagImage(api: EngineApi, body: TagImageBody): Promise<ImageTagging> {
  return api.send<ImageTagging>('POST', apiRoutes.imagesTag, body);
}

export function useTagImage() {
  const client = useQueryClient();
  const api = useEngineApi();
  return useMutation({
    mutationFn: (body: TagImageBody) => tagImage(api, body),
    onSettled: (result, _error, body) => {
      invalidateAfterChange(client, api.key);
      void client.invalidateQueries({ queryKey: queryKeys.image(api.key, body.imageId) });
      if (result?.movedFrom) {
        void client.invalidateQueries({ queryKey: queryKeys.image(api.key, result.movedFrom) });
      }
    },
  });
}
