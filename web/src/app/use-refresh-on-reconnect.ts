import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { EngineState } from '../features/health/utils/engine-state';
import type { EngineApi } from '../lib/engine-api';
import { engineKeyOf } from '../lib/query-keys';

/** When the engine answers again after being down, its figures on screen are re-read. */
export function useRefreshOnReconnect(api: EngineApi, state: EngineState): void {
  const client = useQueryClient();
  const previous = useRef(state);
  useEffect(() => {
    const wasDown = previous.current === 'down';
    previous.current = state;
    if (wasDown && state === 'up') {
      // Every query of this engine but its health check answers from the engine: ask them all
      // again. Another engine's are its own (it did not come back).
      void client.invalidateQueries({
        predicate: (query) => {
          const scoped = engineKeyOf(query.queryKey);
          return scoped !== null && scoped.key === api.key && scoped.part !== 'health';
        },
      });
    }
  }, [client, api, state]);
}
