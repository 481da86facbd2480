import { apiRoutes, type PruneProgressEvent } from '@footprint/shared';
import { useEffect, useState } from 'react';
import { useEngineApi } from '../../../lib/engine-scope';

/**
 * `prune-progress` events while a prune runs. The app's own event stream (lib/live-events)
 * handles inventory and engine events; this listens only while `active`, on its own connection
 * to this engine's stream, and keeps the last event.
 */
export function usePruneProgress(active: boolean): PruneProgressEvent | null {
  const api = useEngineApi();
  const [progress, setProgress] = useState<PruneProgressEvent | null>(null);
  useEffect(() => {
    if (!active || typeof EventSource === 'undefined') return;
    const source = new EventSource(api.path(apiRoutes.events));
    source.addEventListener('prune-progress', (message) => {
      try {
        setProgress(JSON.parse(String((message as MessageEvent).data)) as PruneProgressEvent);
      } catch {
        // A malformed event changes nothing on screen.
      }
    });
    return () => source.close();
  }, [active, api]);
  return active ? progress : null;
}
