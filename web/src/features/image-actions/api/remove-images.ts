import { apiRoutes, type ImageRemovalList, type RemoveImagesBody } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';
import { invalidateAfterChange } from './invalidate-after-change';

/** POST /api/images/remove: several images by full ID, one result each. */
export function removeImages(ids: string[], force: boolean): Promise<ImageRemovalList> {
  const body: RemoveImagesBody = force ? { ids, force: true } : { ids };
  return sendJson<ImageRemovalList>('POST', apiRoutes.imagesRemove, body);
}

export function useRemoveImages() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, force }: { ids: string[]; force: boolean }) => removeImages(ids, force),
    onSettled: () => invalidateAfterChange(client),
  });
}
