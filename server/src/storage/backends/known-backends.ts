import type { BackendFactory } from './storage-backend.js';

/**
 * Every backend this server measures, tried in order by selectBackend: a new backend is its
 * folder beside this file and one line here.
 */
export const knownBackends: readonly BackendFactory[] = [];
