import { apiRoutes, type Health } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';
import { engineState, healthPollInterval } from '../utils/engine-state';

export const healthQueryKey = ['health'] as const;

export function getHealth(signal?: AbortSignal): Promise<Health> {
  return getJson<Health>(apiRoutes.health, { signal });
}

export const healthQueryOptions = queryOptions({
  queryKey: healthQueryKey,
  queryFn: ({ signal }) => getHealth(signal),
  staleTime: 0,
  // The poll is the retry: a failed check is answered by the next one, 2 s later.
  retry: false,
  refetchInterval: (query) => healthPollInterval(query.state.data, query.state.error),
});

export function useHealth() {
  return useQuery(healthQueryOptions);
}

/** The engine's state as the page should present it, from the shared health query. */
export function useEngineState() {
  const query = useHealth();
  return {
    state: engineState(query.data, query.error),
    health: query.data,
    error: query.error,
  };
}

/** Pages keep their last figures, marked stale, and stop asking while the engine is down. */
export function useEngineDown(): boolean {
  return useEngineState().state === 'down';
}
