import { type ImageDetail, imagePath } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getImage(api: EngineApi, id: string, signal?: AbortSignal): Promise<ImageDetail> {
  return api.get<ImageDetail>(imagePath(id), { signal });
}

export const imageQueryOptions = (api: EngineApi, id: string) =>
  queryOptions({
    queryKey: queryKeys.image(api.key, id),
    queryFn: ({ signal }) => getImage(api, id, signal),
  });

/** One image with its layers, history and graph driver dirs (GET /api/images/:id). */
export function useImage(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...imageQueryOptions(api, id), enabled });
}
