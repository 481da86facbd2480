import { apiRoutes, type ExplorerProgressEvent } from '@footprint/shared';
import { useEffect, useState } from 'react';
import { useEngineApi } from '../../../lib/engine-scope';

/**
 * `explorer-progress` events (a layer indexed for the first time, files hashed for
 * duplicates), by task, while `active`: on its own connection to this engine's stream, as prune progress does, so the
 * app's event stream stays as it is. Finished tasks drop out.
 */
export function useExplorerProgress(active: boolean): ReadonlyMap<string, ExplorerProgressEvent> {
  const api = useEngineApi();
  const [tasks, setTasks] = useState<ReadonlyMap<string, ExplorerProgressEvent>>(new Map());
  useEffect(() => {
    if (!active || typeof EventSource === 'undefined') return;
    const source = new EventSource(api.path(apiRoutes.events));
    source.addEventListener('explorer-progress', (message) => {
      let event: ExplorerProgressEvent;
      try {
        event = JSON.parse(String((message as MessageEvent).data)) as ExplorerProgressEvent;
      } catch {
        return;
      }
      setTasks((current) => {
        const next = new Map(current);
        if (event.phase === 'running') next.set(event.taskId, event);
        else next.delete(event.taskId);
        return next;
      });
    });
    return () => {
      source.close();
      setTasks(new Map());
    };
  }, [active, api]);
  return tasks;
}
