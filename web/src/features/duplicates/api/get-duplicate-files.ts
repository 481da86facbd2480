import { apiRoutes, type DuplicateFilesPage } from '@footprint/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';
import { type DuplicatePageRequest, pageQuery } from '../utils/page-query';

export interface DuplicateFilesRequest extends DuplicatePageRequest {
  minBytes: number;
}

/** GET /api/duplicates/files?minBytes=…&offset=…&limit=…[&q=…][&image=…] */
export function duplicateFilesUrl(request: DuplicateFilesRequest): string {
  return `${apiRoutes.duplicateFiles}?minBytes=${request.minBytes}&${pageQuery(request)}`;
}

export const duplicateFilesQueryOptions = (api: EngineApi, request: DuplicateFilesRequest) =>
  queryOptions({
    // Under the images key: an image event (live-events.ts) refreshes it.
    queryKey: queryKeys.duplicateFiles(api.key, request),
    queryFn: ({ signal }) => api.get<DuplicateFilesPage>(duplicateFilesUrl(request), { signal }),
    // The next page or search keeps the rows on screen until its answer is there.
    placeholderData: keepPreviousData,
  });

/** A page of identical files in several layers. */
export function useDuplicateFiles(
  request: DuplicateFilesRequest,
  { enabled = true }: { enabled?: boolean } = {},
) {
  const api = useEngineApi();
  return useQuery({ ...duplicateFilesQueryOptions(api, request), enabled });
}
