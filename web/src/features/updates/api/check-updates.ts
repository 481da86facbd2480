import {
  apiRoutes,
  type UpdateCheckBody,
  type UpdateProgress,
  type UpdateSettings,
} from '@footprint/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from '../../../lib/send-json';
import { updatesQueryKey } from './get-updates';

/** POST /api/updates/check: starts a check on the server (all images, or these). */
export function checkUpdates(ids?: readonly string[]): Promise<UpdateProgress> {
  const body: UpdateCheckBody = ids === undefined ? {} : { ids: [...ids] };
  return sendJson<UpdateProgress>('POST', apiRoutes.updatesCheck, body);
}

/** Starts a check; the list is then read again, and polled while the check runs. */
export function useCheckUpdates() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids?: readonly string[]) => checkUpdates(ids),
    onSuccess: () => client.invalidateQueries({ queryKey: updatesQueryKey }),
  });
}

export function saveUpdateSettings(settings: UpdateSettings): Promise<UpdateSettings> {
  return sendJson<UpdateSettings>('POST', apiRoutes.updatesSettings, settings);
}

export function useSaveUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: saveUpdateSettings,
    onSuccess: () => client.invalidateQueries({ queryKey: updatesQueryKey }),
  });
}
