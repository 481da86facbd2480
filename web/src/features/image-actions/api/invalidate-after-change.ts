import type { QueryClient } from '@tanstack/react-query';

/**
 * After a removal the lists are re-read at once; live events would too, a moment later. The
 * image detail (['image', id]) is left alone: the page that removed it keeps showing what it
 * removed beside the result.
 */
export function invalidateAfterChange(client: QueryClient): void {
  for (const queryKey of [
    ['images'],
    ['layers'],
    ['disk'],
    ['containers'],
    ['volumes'],
    ['build-cache'],
  ]) {
    void client.invalidateQueries({ queryKey });
  }
}
