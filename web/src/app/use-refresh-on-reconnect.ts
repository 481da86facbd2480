import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { diskQueryKey } from '../features/disk/api/get-disk';
import type { EngineState } from '../features/health/utils/engine-state';
import { imagesQueryKey } from '../features/images/api/get-images';

/** Every query whose answer comes from the engine: re-asked when the engine is back. */
export const engineQueryKeys = [imagesQueryKey, diskQueryKey] as const;

/** When the engine answers again after being down, the figures on screen are re-read. */
export function useRefreshOnReconnect(state: EngineState): void {
  const client = useQueryClient();
  const previous = useRef(state);
  useEffect(() => {
    const wasDown = previous.current === 'down';
    previous.current = state;
    if (wasDown && state === 'up') {
      for (const queryKey of engineQueryKeys) void client.invalidateQueries({ queryKey });
    }
  }, [client, state]);
}
