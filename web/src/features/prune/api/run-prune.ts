import { apiRoutes, type PruneConfirm, type PruneResult } from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';
import { invalidateAfterChange } from '../../image-actions/api/invalidate-after-change';

/**
 * POST /api/prune: removes exactly the preview's items, each checked again, by ID. Sent to the
 * engine the preview was asked of: a preview ID is that engine's only.
 */
export function runPrune(api: EngineApi, previewId: string): Promise<PruneResult> {
  const body: PruneConfirm = { previewId };
  return api.send<PruneResult>('POST', apiRoutes.prune, body);
}

export function useRunPrune() {
  const client = useQueryClient();
  const api = useEngineApi();
  return useMutation({
    mutationFn: (previewId: string) => runPrune(api, previewId),
    onSettled: () => {
      invalidateAfterChange(client, api.key);
      void client.invalidateQueries({ queryKey: queryKeys.pruneStatus(api.key) });
    },
  });
}
