import { apiRoutes, type Session } from '@footprint/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The app's, not an engine's: one session for every engine. */
export const sessionQueryKey = queryKeys.session();

export function getSession(signal?: AbortSignal): Promise<Session> {
  return getJson<Session>(apiRoutes.session, { signal });
}

export const sessionQueryOptions = queryOptions({
  queryKey: sessionQueryKey,
  queryFn: ({ signal }) => getSession(signal),
  // Changes only with a restart of the server or a visit to the printed URL (a page load).
  staleTime: 5 * 60_000,
});

export type SessionAccess = 'unknown' | 'read-only' | 'unauthorized' | 'allowed';

/** Whether this page may offer destructive controls (GET /api/session). */
export function useSession(): { session: Session | undefined; access: SessionAccess } {
  const { data } = useQuery(sessionQueryOptions);
  const access: SessionAccess =
    data === undefined
      ? 'unknown'
      : data.readOnly
        ? 'read-only'
        : data.authorized
          ? 'allowed'
          : 'unauthorized';
  return { session: data, access };
}
