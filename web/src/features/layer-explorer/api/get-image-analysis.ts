import { apiRoutes, type ImageAnalysis } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export function imageAnalysisPath(id: string): string {
  return apiRoutes.imageAnalysis.replace(':id', encodeURIComponent(id));
}

export function getImageAnalysis(id: string, signal?: AbortSignal): Promise<ImageAnalysis> {
  return getJson<ImageAnalysis>(imageAnalysisPath(id), { signal });
}

export const imageAnalysisQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['image-analysis', id] as const,
    queryFn: ({ signal }) => getImageAnalysis(id, signal),
    staleTime: Infinity,
  });

/** Layers with their createdBy and waste, dive's figures and reclaimable bytes. */
export function useImageAnalysis(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...imageAnalysisQueryOptions(id), enabled });
}
