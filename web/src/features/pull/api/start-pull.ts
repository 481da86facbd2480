import { type PullRequest, pullPath, pullRoutes, type PullState } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

/** POST /api/pull: the server starts the pull into this engine and owns it; 409 while one of it runs. */
export function startPull(api: EngineApi, request: PullRequest): Promise<PullState> {
  return api.send<PullState>('POST', pullRoutes.pulls, request);
}

/** POST /api/pull/:id/cancel: the engine request is aborted, the engine stops. */
export function cancelPull(api: EngineApi, id: string): Promise<PullState> {
  return api.send<PullState>('POST', pullPath(id, '/cancel'));
}

export function useStartPull() {
  const client = useQueryClient();
  const api = useEngineApi();
  return useMutation({
    mutationFn: (request: PullRequest) => startPull(api, request),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.pulls(api.key) }),
  });
}

export function useCancelPull() {
  const api = useEngineApi();
  return useMutation({ mutationFn: (id: string) => cancelPull(api, id) });
}
