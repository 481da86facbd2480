import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { EngineState } from '../features/health/utils/engine-state';

/** When the engine answers again after being down, the figures on screen are re-read. */
export function useRefreshOnReconnect(state: EngineState): void {
  const client = useQueryClient();
  const previous = useRef(state);
  useEffect(() => {
    const wasDown = previous.current === 'down';
    previous.current = state;
    if (wasDown && state === 'up') {
      // Every query but the health check answers from the engine: ask them all again.
      void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'health' });
    }
  }, [client, state]);
}
