import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The view lives in the URL so that a link reproduces it. Reads the search params and updates
 * some of them, replacing the history entry (typing in a search box is not navigation). A value
 * equal to its default, or empty, is left out of the URL.
 */
export function useSearchState<T extends Record<string, string>>(defaults: T) {
  const [params, setParams] = useSearchParams();
  const state = Object.fromEntries(
    Object.entries(defaults).map(([key, fallback]) => [key, params.get(key) ?? fallback]),
  ) as T;
  const update = useCallback(
    (changes: Partial<T>, options: { push?: boolean } = {}) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '' || value === defaults[key]) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: !options.push },
      );
    },
    // The defaults are module constants in every caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setParams],
  );
  return [state, update] as const;
}
