import {
  apiRoutes,
  type EngineEnabledRequest,
  engineEnabledPath,
  type EngineList,
  type EngineSummary,
} from '@footprint/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { sendJson } from '../../../lib/send-json';

/**
 * How often the engine list is asked again. The engine a page shows has its own health poll and
 * event stream; the others' state (an engine going away, coming back) comes only from here, so
 * the header and the overview ask often while one is not up, and calmly otherwise.
 */
export const enginesPollWhileSettledMs = 15_000;
export const enginesPollWhileChangingMs = 3_000;

export function enginesPollInterval(list: EngineList | undefined): number {
  const changing = list?.engines.some(
    (engine) => engine.status === 'connecting' || engine.status === 'away',
  );
  return changing === false ? enginesPollWhileSettledMs : enginesPollWhileChangingMs;
}

/** GET /api/engines: every engine the dashboard knows, the default one, config problems. */
export const enginesQueryOptions = queryOptions({
  queryKey: queryKeys.engines(),
  queryFn: ({ signal }) => getJson<EngineList>(apiRoutes.engines, { signal }),
  staleTime: 0,
  refetchInterval: (query) => enginesPollInterval(query.state.data),
});

export function useEngines() {
  return useQuery(enginesQueryOptions);
}

/**
 * POST /api/engines/:engineId/enabled: follow the engine or not. Changes no engine, only what
 * the dashboard watches (so it is allowed in read-only mode); the session cookie goes with it.
 */
export function setEngineEnabled(engineId: string, enabled: boolean): Promise<EngineSummary> {
  const body: EngineEnabledRequest = { enabled };
  return sendJson<EngineSummary>('POST', engineEnabledPath(engineId), body);
}

export function useSetEngineEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ engineId, enabled }: { engineId: string; enabled: boolean }) =>
      setEngineEnabled(engineId, enabled),
    onSuccess: (summary) => {
      client.setQueryData<EngineList>(queryKeys.engines(), (list) =>
        list
          ? {
              ...list,
              engines: list.engines.map((engine) => (engine.id === summary.id ? summary : engine)),
            }
          : list,
      );
      // Turned on again: its figures are asked afresh, not shown from before it was turned off.
      void client.invalidateQueries({ queryKey: queryKeys.engine(summary.id) });
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.engines() }),
  });
}
