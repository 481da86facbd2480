import { apiRoutes, type ImageTagging, type TagImageBody } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';
import { imageQueryKey } from '../../images/api/get-image';
import { invalidateAfterChange } from './invalidate-after-change';

/**
 * POST /api/images/tag: by the image's full ID. A name on another image is a 409
 * TAG_ON_OTHER_IMAGE; it moves only with move and that image as expectedCurrent.
 */
export function tagImage(body: TagImageBody): Promise<ImageTagging> {
  return sendJson<ImageTagging>('POST', apiRoutes.imagesTag, body);
}

export function useTagImage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: tagImage,
    onSettled: (result, _error, body) => {
      invalidateAfterChange(client);
      void client.invalidateQueries({ queryKey: imageQueryKey(body.imageId) });
      if (result?.movedFrom) {
        void client.invalidateQueries({ queryKey: imageQueryKey(result.movedFrom) });
      }
    },
  });
}
