import { apiRoutes, type DuplicateDiffsPage } from '@footprint/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';
import { type DuplicatePageRequest, pageQuery } from '../utils/page-query';

/** GET /api/duplicates/diffs?offset=…&limit=…[&q=…][&image=…] */
export function duplicateDiffsUrl(request: DuplicatePageRequest): string {
  return `${apiRoutes.duplicateDiffs}?${pageQuery(request)}`;
}

export const duplicateDiffsQueryOptions = (api: EngineApi, request: DuplicatePageRequest) =>
  queryOptions({
    // Under the layers key: an image event and a finished scan (its disk figures) refresh it.
    queryKey: queryKeys.duplicateDiffs(api.key, request),
    queryFn: ({ signal }) => api.get<DuplicateDiffsPage>(duplicateDiffsUrl(request), { signal }),
    placeholderData: keepPreviousData,
  });

/** A page of diffs stored under several chains, with engine and on-disk figures. */
export function useDuplicateDiffs(
  request: DuplicatePageRequest,
  { enabled = true }: { enabled?: boolean } = {},
) {
  const api = useEngineApi();
  return useQuery({ ...duplicateDiffsQueryOptions(api, request), enabled });
}
