import { pullPath, type PullState } from '@footprint/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

/**
 * The pull's `pull-progress` events (GET /api/pull/:id/events): the whole state each time, so
 * a page that reconnects or comes back after a reload shows the same figures. The stream ends
 * after the last state; the source is closed then, or it would reconnect for nothing.
 */
export function usePullProgress(id: string | null, initial: PullState | null): PullState | null {
  const [streamed, setStreamed] = useState<PullState | null>(null);
  const client = useQueryClient();
  const api = useEngineApi();
  useEffect(() => {
    if (id === null || typeof EventSource === 'undefined') return;
    const source = new EventSource(api.path(pullPath(id, '/events')));
    source.addEventListener('pull-progress', (message) => {
      let next: PullState;
      try {
        next = JSON.parse(String((message as MessageEvent).data)) as PullState;
      } catch {
        return;
      }
      setStreamed(next);
      if (next.finishedAt !== null) {
        source.close();
        void client.invalidateQueries({ queryKey: queryKeys.pulls(api.key) });
      }
    });
    return () => source.close();
  }, [id, client, api]);
  // The stream's state once it came; until then the one the caller had (the start's answer).
  if (streamed !== null && streamed.id === id) return streamed;
  return initial !== null && initial.id === id ? initial : null;
}
