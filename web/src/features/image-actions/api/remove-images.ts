import { apiRoutes, type ImageRemovalList, type RemoveImagesBody } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { invalidateAfterChange } from './invalidate-after-change';

/** POST /api/images/remove: several images by full ID, one result each, on this engine only. */
export function removeImages(
  api: EngineApi,
  ids: string[],
  force: boolean,
): Promise<ImageRemovalList> {
  const body: RemoveImagesBody = force ? { ids, force: true } : { ids };
  return api.send<ImageRemovalList>('POST', apiRoutes.imagesRemove, body);
}

export function useRemoveImages() {
  const client = useQueryClient();
  const api = useEngineApi();
  return useMutation({
    mutationFn: ({ ids, force }: { ids: string[]; force: boolean }) =>
      removeImages(api, ids, force),
    onSettled: () => invalidateAfterChange(client, api.key),
  });
}
