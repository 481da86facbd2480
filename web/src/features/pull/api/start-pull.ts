import { type PullRequest, pullPath, pullRoutes, type PullState } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';
import { pullsQueryKey } from './get-pulls';

/** POST /api/pull: the server starts the pull and owns it; 409 while one of it runs. */
export function startPull(request: PullRequest): Promise<PullState> {
  return sendJson<PullState>('POST', pullRoutes.pulls, request);
}

/** POST /api/pull/:id/cancel: the engine request is aborted, the engine stops. */
export function cancelPull(id: string): Promise<PullState> {
  return sendJson<PullState>('POST', pullPath(id, '/cancel'));
}

export function useStartPull() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: startPull,
    onSettled: () => client.invalidateQueries({ queryKey: pullsQueryKey }),
  });
}

export function useCancelPull() {
  return useMutation({ mutationFn: cancelPull });
}
