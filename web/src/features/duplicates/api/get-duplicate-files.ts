import { apiRoutes, type DuplicateFilesPage } from '@footprint/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';
import { type DuplicatePageRequest, pageQuery } from '../utils/page-query';

export interface DuplicateFilesRequest extends DuplicatePageRequest {
  minBytes: number;
}

/** GET /api/duplicates/files?minBytes=…&offset=…&limit=…[&q=…][&image=…] */
export function duplicateFilesUrl(request: DuplicateFilesRequest): string {
  return `${apiRoutes.duplicateFiles}?minBytes=${request.minBytes}&${pageQuery(request)}`;
}

export const duplicateFilesQueryOptions = (request: DuplicateFilesRequest) =>
  queryOptions({
    // Under ['images']: an image event (live-events.ts) refreshes it.
    queryKey: ['images', 'duplicate-files', request] as const,
    queryFn: ({ signal }) => getJson<DuplicateFilesPage>(duplicateFilesUrl(request), { signal }),
    // The next page or search keeps the rows on screen until its answer is there.
    placeholderData: keepPreviousData,
  });

/** A page of identical files in several layers. */
export function useDuplicateFiles(
  request: DuplicateFilesRequest,
  { enabled = true }: { enabled?: boolean } = {},
) {
  return useQuery({ ...duplicateFilesQueryOptions(request), enabled });
}
