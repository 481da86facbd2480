import { apiRoutes, type ImageList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getImages(api: EngineApi, signal?: AbortSignal): Promise<ImageList> {
  return api.get<ImageList>(apiRoutes.images, { signal });
}

export const imagesQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.images(api.key),
    queryFn: ({ signal }) => getImages(api, signal),
  });

/** `enabled: false` while the engine is down: asking would only fail, and the data is kept. */
export function useImages({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...imagesQueryOptions(api), enabled });
}
