import {
  registryPath,
  type TagDeletionBody,
  type TagDeletionPreview,
  type TagDeletionPreviewBody,
  type TagDeletionResult,
} from '@footprint/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/query-keys';
import { sendJson } from '../../../lib/send-json';
import { registryQueryKey } from './registries';

/**
 * Not under the registries key: a refresh of the registry must not re-ask it while the dialog
 * is open, so that what the person confirms is what they read.
 */
export const tagDeletionPreviewQueryKey = (host: string, body: TagDeletionPreviewBody) =>
  queryKeys.tagDeletionPreview(host, body.repository, body.tag);

/**
 * POST …/delete/preview: the digest that goes, every tag on it, the bytes freed after the
 * registry's garbage collection. Changes nothing, but goes like a deletion (session, refused in
 * read-only mode). Asked each time the dialog opens, then held still.
 */
export const tagDeletionPreviewQueryOptions = (host: string, body: TagDeletionPreviewBody) =>
  queryOptions({
    queryKey: tagDeletionPreviewQueryKey(host, body),
    queryFn: () =>
      sendJson<TagDeletionPreview>('POST', registryPath(host, 'registryDeletePreview'), body),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export function useTagDeletionPreview(host: string, body: TagDeletionPreviewBody) {
  return useQuery(tagDeletionPreviewQueryOptions(host, body));
}

/** POST …/delete: deletes exactly the previewed digest (409 TAG_MOVED if the tag moved). */
export function useDeleteTag(host: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TagDeletionBody) =>
      sendJson<TagDeletionResult>('POST', registryPath(host, 'registryDelete'), body),
    onSettled: () => void client.invalidateQueries({ queryKey: registryQueryKey(host) }),
  });
}
