import { apiRoutes, type Health } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';
import { engineState, healthPollInterval } from '../utils/engine-state';

export function getHealth(api: EngineApi, signal?: AbortSignal): Promise<Health> {
  return api.get<Health>(apiRoutes.health, { signal });
}

export const healthQueryOptions = (api: EngineApi) =>
  queryOptions({
    queryKey: queryKeys.health(api.key),
    queryFn: ({ signal }) => getHealth(api, signal),
    staleTime: 0,
    // The poll is the retry: a failed check is answered by the next one, 2 s later.
    retry: false,
    refetchInterval: (query) => healthPollInterval(query.state.data, query.state.error),
  });

/** The health of the engine this page shows. */
export function useHealth() {
  const api = useEngineApi();
  return useQuery(healthQueryOptions(api));
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
