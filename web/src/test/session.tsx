import type { Session } from '@footprint/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { sessionQueryKey } from '../features/session/api/get-session';
import { EngineScopeProvider } from '../lib/engine-scope';

/** A query client that already knows the session, so no request is made for it. */
export function clientWithSession(session: Session): QueryClient {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  client.setQueryData(sessionQueryKey, session);
  return client;
}

/**
 * The providers a page has: the query client, a router at `path`, and an engine's scope: the
 * default engine's (the unscoped /api/... routes) unless `engineId` names one.
 */
export function withProviders(
  client: QueryClient,
  children: ReactNode,
  path = '/',
  engineId: string | null = null,
) {
  return (
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <EngineScopeProvider engineId={engineId}>{children}</EngineScopeProvider>
      </MemoryRouter>
    </QueryClientProvider>
  );
}

export const allowed: Session = { readOnly: false, authorized: true };
export const readOnly: Session = { readOnly: true, authorized: true };
export const unauthorized: Session = { readOnly: false, authorized: false };
