import { apiRoutes, type Duplicates } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

export function getDuplicates(minBytes: number, signal?: AbortSignal): Promise<Duplicates> {
  return getJson<Duplicates>(`${apiRoutes.duplicates}?minBytes=${minBytes}`, { signal });
}

export const duplicatesQueryOptions = (minBytes: number) =>
  queryOptions({
    // Under ['images'] so that an image event (live-events.ts) refreshes it too.
    queryKey: ['images', 'duplicates', minBytes] as const,
    queryFn: ({ signal }) => getDuplicates(minBytes, signal),
  });

/** Identical files in several layers and diffs under several chains (GET /api/duplicates). */
export function useDuplicates(minBytes: number, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...duplicatesQueryOptions(minBytes), enabled });
}
