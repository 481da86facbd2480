import { containersStorageBackend } from './containers-storage/containers-storage-backend.js';
import { overlay2Backend } from './overlay2/overlay2-backend.js';
import type { BackendFactory, DataRootLayout } from './storage-backend.js';

/**
 * Every backend this server measures, tried in order by selectBackend: a new backend is its
 * folder beside this file and one line here.
 */
export const knownBackends: readonly BackendFactory[] = [overlay2Backend, containersStorageBackend];

/** The scan layout of the backend of this name (a scan of a planted data root names overlay2). */
export function layoutOf(driver: string): DataRootLayout {
  const factory = knownBackends.find((candidate) => candidate.name === driver);
  if (factory === undefined) throw new Error(`No storage backend lays out "${driver}".`);
  return factory.layout;
}
