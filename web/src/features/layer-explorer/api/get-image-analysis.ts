import { apiRoutes, type ImageAnalysis } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function imageAnalysisPath(id: string): string {
  return apiRoutes.imageAnalysis.replace(':id', encodeURIComponent(id));
}

export function getImageAnalysis(
  api: EngineApi,
  id: string,
  signal?: AbortSignal,
): Promise<ImageAnalysis> {
  return api.get<ImageAnalysis>(imageAnalysisPath(id), { signal });
}

export const imageAnalysisQueryOptions = (api: EngineApi, id: string) =>
  queryOptions({
    queryKey: queryKeys.imageAnalysis(api.key, id),
    queryFn: ({ signal }) => getImageAnalysis(api, id, signal),
    staleTime: Infinity,
  });

/** Layers with their createdBy and waste, dive's figures and reclaimable bytes. */
export function useImageAnalysis(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...imageAnalysisQueryOptions(api, id), enabled });
}
