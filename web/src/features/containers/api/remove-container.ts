import {
  type ContainerRemoval,
  type ContainerRemovalPreview,
  containerPath,
  containerRemovePreviewPath,
  type RemoveContainerBody,
} from '@footprint/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

/**
 * POST /api/containers/:id/remove/preview: its writable layer (engine SizeRw and du), logs and
 * anonymous volumes, asked now. Changes nothing but goes like a removal (session, JSON body,
 * refused read-only), so it is a POST.
 */
export function previewContainerRemoval(
  api: EngineApi,
  id: string,
): Promise<ContainerRemovalPreview> {
  return api.send<ContainerRemovalPreview>('POST', containerRemovePreviewPath(id), {});
}

/**
 * Not under the containers key (queryKeys): live events must not re-ask it while the dialog is
 * open, so that what the person confirms is what they read.
 */
export const containerRemovalPreviewQueryOptions = (api: EngineApi, id: string) =>
  queryOptions({
    queryKey: queryKeys.containerRemovalPreview(api.key, id),
    queryFn: () => previewContainerRemoval(api, id),
    // Asked each time the dialog opens, never from an earlier answer, and then held still.
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export function useContainerRemovalPreview(id: string) {
  const api = useEngineApi();
  return useQuery(containerRemovalPreviewQueryOptions(api, id));
}

/** DELETE /api/containers/:id, in the previewed state only (else 409 CONTAINER_STATE_CHANGED). */
export function removeContainer(
  api: EngineApi,
  { id, ...body }: RemoveContainerBody & { id: string },
): Promise<ContainerRemoval> {
  return api.send<ContainerRemoval>('DELETE', containerPath(id), body);
}

export function useRemoveContainer() {
  const client = useQueryClient();
  const api = useEngineApi();
  return useMutation({
    mutationFn: (request: RemoveContainerBody & { id: string }) => removeContainer(api, request),
    onSettled: () => {
      for (const queryKey of [
        queryKeys.containers(api.key),
        queryKeys.images(api.key),
        queryKeys.disk(api.key),
        queryKeys.volumes(api.key),
        queryKeys.layers(api.key),
      ]) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
}
