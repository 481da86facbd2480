import type { QueryClient } from '@tanstack/react-query';
import { type EngineKey, queryKeys } from '../../../lib/query-keys';

/**
 * After a removal the engine's lists are re-read at once; live events would too, a moment
 * later. Only the engine acted on: the others did not change. The image detail (image(e, id))
 * is left alone: the page that removed it keeps showing what it removed beside the result.
 */
export function invalidateAfterChange(client: QueryClient, key: EngineKey): void {
  for (const queryKey of [
    queryKeys.images(key),
    queryKeys.layers(key),
    queryKeys.disk(key),
    queryKeys.containers(key),
    queryKeys.volumes(key),
    queryKeys.buildCache(key),
  ]) {
    void client.invalidateQueries({ queryKey });
  }
}
