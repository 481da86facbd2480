import { createContext, type ReactNode, useContext } from 'react';
import { type EngineApi, engineApi } from './engine-api';

/*
 * Which engine the pages below show (issue 19). The URL holds it: /engines/<id>/images is that
 * engine's images page; an unprefixed URL (/images) is the server's default engine, as it was
 * before there were several, and asks the unscoped routes. The app shell provides it from the
 * URL; features read it through useEngineApi() and links keep it through components/engine-link.
 */

/** Where the pages of an engine live: '' for the default engine, else /engines/<id>. */
export function enginePrefix(engineId: string | null): string {
  return engineId === null ? '' : `/engines/${encodeURIComponent(engineId)}`;
}

/** A page path (/images?x=1) under an engine's prefix; other values are left as they are. */
export function enginePagePath(engineId: string | null, to: string): string {
  if (!to.startsWith('/')) return to;
  const prefix = enginePrefix(engineId);
  if (prefix === '') return to;
  return to === '/' ? prefix : `${prefix}${to}`;
}

/** Outside any engine's scope (the all-engines page), the default engine's, as unprefixed URLs. */
const EngineScopeContext = createContext<EngineApi>(engineApi(null));

export function EngineScopeProvider({
  engineId,
  children,
}: {
  /** null: the default engine through the unscoped routes. */
  engineId: string | null;
  children: ReactNode;
}) {
  return (
    <EngineScopeContext.Provider value={engineApi(engineId)}>
      {children}
    </EngineScopeContext.Provider>
  );
}

/** The API of the engine this page shows. */
export function useEngineApi(): EngineApi {
  return useContext(EngineScopeContext);
}
