import { type ImageDetail, imagePath } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const imageQueryKey = (id: string) => ['image', id] as const;

export function getImage(id: string, signal?: AbortSignal): Promise<ImageDetail> {
  return getJson<ImageDetail>(imagePath(id), { signal });
}

export const imageQueryOptions = (id: string) =>
  queryOptions({
    queryKey: imageQueryKey(id),
    queryFn: ({ signal }) => getImage(id, signal),
  });

/** One image with its layers, history and graph driver dirs (GET /api/images/:id). */
export function useImage(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...imageQueryOptions(id), enabled });
}
