import { apiRoutes, type LayerSummary } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getLayerSummary(api: EngineApi, signal?: AbortSignal): Promise<LayerSummary> {
  return api.get<LayerSummary>(apiRoutes.layerSummary, { signal });
}

export const layerSummaryQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.layerSummary(api.key),
    queryFn: ({ signal }) => getLayerSummary(api, signal),
  });

/**
 * The layer list's sums (GET /api/layers/summary): unique and shared bytes, and what removing
 * every dangling or unused image frees. The overview's figures without the 3 MB list.
 */
export function useLayerSummary({ enabled = true }: { enabled?: boolean } = {}) {
  const api = useEngineApi();
  return useQuery({ ...layerSummaryQueryOptions(api), enabled });
}
