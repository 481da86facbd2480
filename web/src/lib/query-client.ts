import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from './api-client';

/** Whether a failed query is worth one more try: only when no definite answer came back. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status !== 0) return false;
  return failureCount < 1;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Inventory changes when someone runs docker; live events will invalidate it later.
        staleTime: 30_000,
        retry: shouldRetry,
        refetchOnWindowFocus: true,
      },
    },
  });
}
