import { apiRoutes, type ImageList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

export function getIdleImages(
  api: EngineApi,
  days: number,
  signal?: AbortSignal,
): Promise<ImageList> {
  // The record and, where it is shorter than the days, the images' age: each image's evidence
  // says which it rests on (the idle filter shows it), so day one is not an empty list.
  return api.get<ImageList>(
    `${apiRoutes.images}?unusedForDays=${days}&unusedBasis=recorded-or-age`,
    { signal },
  );
}

/** Under the images key (queryKeys.idleImages): live images events re-fetch it too. */
export const idleImagesQueryOptions = (api: EngineApi, days: number) =>
  queryOptions({
    queryKey: queryKeys.idleImages(api.key, days),
    queryFn: ({ signal }) => getIdleImages(api, days, signal),
  });

/**
 * The images no container uses and none used for `days` days, as the server counts it: on the
 * record (the "unused-for-days" prune kind's rule), or by age where the record is shorter,
 * each image's `unused.evidence` saying which; off when `days` is null.
 */
export function useIdleImages(days: number | null, { enabled = true } = {}) {
  const api = useEngineApi();
  return useQuery({
    ...idleImagesQueryOptions(api, days ?? 0),
    enabled: enabled && days !== null,
  });
}
