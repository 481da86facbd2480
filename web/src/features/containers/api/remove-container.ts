import {
  type ContainerRemoval,
  type ContainerRemovalPreview,
  containerPath,
  containerRemovePreviewPath,
  type RemoveContainerBody,
} from '@footprint/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';

/**
 * Not under ['containers']: live events must not re-ask it while the dialog is open, so that
 * what the person confirms is what they read.
 */
export const containerRemovalPreviewQueryKey = (id: string) =>
  ['container-removal-preview', id] as const;

/**
 * POST /api/containers/:id/remove/preview: its writable layer (engine SizeRw and du), logs and
 * anonymous volumes, asked now. Changes nothing but goes like a removal (session, JSON body,
 * refused read-only), so it is a POST.
 */
export function previewContainerRemoval(id: string): Promise<ContainerRemovalPreview> {
  return sendJson<ContainerRemovalPreview>('POST', containerRemovePreviewPath(id), {});
}

export const containerRemovalPreviewQueryOptions = (id: string) =>
  queryOptions({
    queryKey: containerRemovalPreviewQueryKey(id),
    queryFn: () => previewContainerRemoval(id),
    // Asked each time the dialog opens, never from an earlier answer, and then held still.
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export function useContainerRemovalPreview(id: string) {
  return useQuery(containerRemovalPreviewQueryOptions(id));
}

/** DELETE /api/containers/:id, in the previewed state only (else 409 CONTAINER_STATE_CHANGED). */
export function removeContainer({
  id,
  ...body
}: RemoveContainerBody & { id: string }): Promise<ContainerRemoval> {
  return sendJson<ContainerRemoval>('DELETE', containerPath(id), body);
}

export function useRemoveContainer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: removeContainer,
    onSettled: () => {
      for (const queryKey of [['containers'], ['images'], ['disk'], ['volumes'], ['layers']]) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
}
