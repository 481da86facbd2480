import { engineScopedPath, isAppWideRoute } from '@footprint/shared';
import { getJson } from './api-client';
import { defaultEngineKey, type EngineKey } from './query-keys';
import { sendJson } from './send-json';

/**
 * The one place where a page's API path is given its engine (issue 19): every feature asks
 * through the EngineApi of the engine it shows, with the plain route from @footprint/shared
 * (`api.get(apiRoutes.images)`), and never spells an engine's path itself.
 */
export interface EngineApi {
  /** The engine's ID; null for the server's default engine, asked through the unscoped routes. */
  readonly engineId: string | null;
  /** The engine's part of every query key (lib/query-keys.ts). */
  readonly key: EngineKey;
  /** A route (with its query string) as this engine answers it: /api/images -> /api/engines/<id>/images. */
  path(route: string): string;
  get<T>(route: string, init?: { signal?: AbortSignal | undefined }): Promise<T>;
  send<T>(method: 'POST' | 'DELETE', route: string, body?: object): Promise<T>;
}

function scopedPath(engineId: string | null, route: string): string {
  if (engineId === null || isAppWideRoute(route)) return route;
  return engineScopedPath(engineId, route);
}

const apis = new Map<string | null, EngineApi>();

/**
 * The API of one engine, by ID; null: the unscoped routes, which the server answers for its
 * default engine (the pages at unprefixed URLs use them, so those URLs ask exactly what they
 * asked before there were several engines). One object per engine, so hooks can depend on it.
 */
export function engineApi(engineId: string | null): EngineApi {
  const known = apis.get(engineId);
  if (known) return known;
  const api: EngineApi = {
    engineId,
    key: engineId ?? defaultEngineKey,
    path: (route) => scopedPath(engineId, route),
    get: (route, init) => getJson(scopedPath(engineId, route), { signal: init?.signal }),
    send: (method, route, body) => sendJson(method, scopedPath(engineId, route), body),
  };
  apis.set(engineId, api);
  return api;
}
