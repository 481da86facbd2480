import {
  apiRoutes,
  type UpdateCheckBody,
  type UpdateProgress,
  type UpdateSettings,
} from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EngineApi } from '../../../lib/engine-api';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';

/** POST /api/updates/check: starts a check of this engine's images (all, or these). */
export function checkUpdates(api: EngineApi, ids?: readonly string[]): Promise<UpdateProgress> {
  const body: UpdateCheckBody = ids === undefined ? {} : { ids: [...ids] };
  return api.send<UpdateProgress>('POST', apiRoutes.updatesCheck, body);
}

/** Starts a check; the list is then read again, and polled while the check runs. */
export function useCheckUpdates() {
  const client = useQueryClient();
  const api = useEngineApi();
  return useMutation({
    mutationFn: (ids?: readonly string[]) => checkUpdates(api, ids),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.imageUpdates(api.key) }),
  });
}

export function saveUpdateSettings(
  api: EngineApi,
  settings: UpdateSettings,
): Promise<UpdateSettings> {
  return api.send<UpdateSettings>('POST', apiRoutes.updatesSettings, settings);
}

export function useSaveUpdateSettings() {
  const client = useQueryClient();
  const api = useEngineApi();
  return useMutation({
    mutationFn: (settings: UpdateSettings) => saveUpdateSettings(api, settings),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.imageUpdates(api.key) }),
  });
}
