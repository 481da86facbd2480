import { apiRoutes, type PruneConfirm, type PruneResult } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';
import { invalidateAfterChange } from '../../image-actions/api/invalidate-after-change';
import { pruneStatusQueryKey } from './get-prune-status';

/** POST /api/prune: removes exactly the preview's items, each checked again, by ID. */
export function runPrune(previewId: string): Promise<PruneResult> {
  const body: PruneConfirm = { previewId };
  return sendJson<PruneResult>('POST', apiRoutes.prune, body);
}

export function useRunPrune() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: runPrune,
    onSettled: () => {
      invalidateAfterChange(client);
      void client.invalidateQueries({ queryKey: pruneStatusQueryKey });
    },
  });
}
