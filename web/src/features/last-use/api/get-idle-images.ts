import { apiRoutes, type ImageList } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';

/** Under ['images']: live `inventory-changed` events for images re-fetch it too. */
export const idleImagesQueryKey = (days: number) => ['images', 'unused-for-days', days] as const;

export function getIdleImages(days: number, signal?: AbortSignal): Promise<ImageList> {
  // The record and, where it is shorter than the days, the images' age: each image's evidence
  // says which it rests on (the idle filter shows it), so day one is not an empty list.
  return getJson<ImageList>(
    `${apiRoutes.images}?unusedForDays=${days}&unusedBasis=recorded-or-age`,
    { signal },
  );
}

export const idleImagesQueryOptions = (days: number) =>
  queryOptions({
    queryKey: idleImagesQueryKey(days),
    queryFn: ({ signal }) => getIdleImages(days, signal),
  });

/**
 * The images no container uses and none used for `days` days, as the server counts it: on the
 * record (the "unused-for-days" prune kind's rule), or by age where the record is shorter,
 * each image's `unused.evidence` saying which; off when `days` is null.
 */
export function useIdleImages(days: number | null, { enabled = true } = {}) {
  return useQuery({
    ...idleImagesQueryOptions(days ?? 0),
    enabled: enabled && days !== null,
  });
}
