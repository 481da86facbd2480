import { apiRoutes, type ImageList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export const imagesQueryKey = ['images'] as const;

export function getImages(signal?: AbortSignal): Promise<ImageList> {
  return getJson<ImageList>(apiRoutes.images, { signal });
}

export const imagesQueryOptions = queryOptions({
  queryKey: imagesQueryKey,
  queryFn: ({ signal }) => getImages(signal),
});

/** `enabled: false` while the engine is down: asking would only fail, and the data is kept. */
export function useImages({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...imagesQueryOptions, enabled });
}
