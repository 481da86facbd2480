import { apiRoutes, type DuplicateDiffsPage } from '@footprint/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';
import { type DuplicatePageRequest, pageQuery } from '../utils/page-query';

/** GET /api/duplicates/diffs?offset=…&limit=…[&q=…][&image=…] */
export function duplicateDiffsUrl(request: DuplicatePageRequest): string {
  return `${apiRoutes.duplicateDiffs}?${pageQuery(request)}`;
}

export const duplicateDiffsQueryOptions = (request: DuplicatePageRequest) =>
  queryOptions({
    // Under ['layers']: an image event and a finished scan (its disk figures) refresh it.
    queryKey: ['layers', 'duplicate-diffs', request] as const,
    queryFn: ({ signal }) => getJson<DuplicateDiffsPage>(duplicateDiffsUrl(request), { signal }),
    placeholderData: keepPreviousData,
  });

/** A page of diffs stored under several chains, with engine and on-disk figures. */
export function useDuplicateDiffs(
  request: DuplicatePageRequest,
  { enabled = true }: { enabled?: boolean } = {},
) {
  return useQuery({ ...duplicateDiffsQueryOptions(request), enabled });
}
