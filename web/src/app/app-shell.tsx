import type { EngineSummary } from '@footprint/shared';
import { Suspense } from 'react';
import { Outlet, useMatch } from 'react-router';
import { NavLink } from '../components/engine-link';
import { ThemeToggle } from '../components/theme/theme-toggle';
import { useEngines } from '../features/engines/api/get-engines';
import {
  EngineAwayNote,
  EngineTurnedOff,
  UnknownEngine,
} from '../features/engines/components/engine-scope-notes';
import { EngineSwitcher } from '../features/engines/components/engine-switcher';
import { findEngine } from '../features/engines/utils/engine-labels';
import { useEngineState } from '../features/health/api/get-health';
import { EngineDownBanner } from '../features/health/components/engine-down-banner';
import { EngineStatus } from '../features/health/components/engine-status';
import { ReclaimNavItem } from '../features/prune/components/reclaim-nav-item';
import { EngineScopeProvider, useEngineApi } from '../lib/engine-scope';
import { useLiveEvents } from '../lib/live-events';
import { PageLoading } from './page-loading';
import { useRefreshOnReconnect } from './use-refresh-on-reconnect';

const pages = [
  { to: '/', label: 'Overview', end: true },
  { to: '/images', label: 'Images', end: false },
  { to: '/layers', label: 'Layer tree', end: false },
  { to: '/duplicates', label: 'Duplicates', end: false },
  { to: '/containers', label: 'Containers', end: false },
  { to: '/volumes', label: 'Volumes', end: false },
  { to: '/build-cache', label: 'Build cache', end: false },
  { to: '/registries', label: 'Registries', end: false },
  { to: '/report', label: 'Report', end: false },
];

/** The engine the pages show, from the URL: its health line, its live events. */
function EngineHeader() {
  const api = useEngineApi();
  const { state, health } = useEngineState();
  useRefreshOnReconnect(api, state);
  useLiveEvents(api);
  return <EngineStatus state={state} health={health} />;
}

/**
 * Whether the engine in the URL is there to be asked: the default engine's pages ask at once
 * (the first screen waits for nothing); another engine's wait for the engine list, which says
 * whether the server knows it and follows it, so nothing is asked of an engine turned off.
 */
type EngineGate =
  | { kind: 'open'; engine: EngineSummary | undefined }
  | { kind: 'wait' }
  | { kind: 'unknown'; engineId: string }
  | { kind: 'off'; engine: EngineSummary };

function useEngineGate(engineId: string | null): EngineGate {
  const engines = useEngines();
  const engine = engines.data ? findEngine(engines.data, engineId) : undefined;
  if (engine?.status === 'off') return { kind: 'off', engine };
  if (engineId === null || engine !== undefined) return { kind: 'open', engine };
  if (engines.data) return { kind: 'unknown', engineId };
  // No list (the server is down, or too old to have one): the pages say what fails.
  return engines.error ? { kind: 'open', engine } : { kind: 'wait' };
}

/**
 * The page of the engine in the URL. While its engine is away the banner says so, and the page
 * shows its last figures (marked stale by each panel).
 */
function EngineMain({ engine }: { engine: EngineSummary | undefined }) {
  const { state, health, error } = useEngineState();
  return (
    <>
      {state === 'down' ? (
        <>
          <EngineDownBanner health={health} error={error} />
          {engine ? <EngineAwayNote engine={engine} /> : null}
        </>
      ) : null}
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </>
  );
}

function GateNote({ gate }: { gate: EngineGate }) {
  if (gate.kind === 'unknown') return <UnknownEngine engineId={gate.engineId} />;
  if (gate.kind === 'off') return <EngineTurnedOff engine={gate.engine} />;
  return <PageLoading />;
}

/** Header, engine switcher, navigation and the engine-down banner around every page. */
export function AppShell() {
  const engineId = useMatch('/engines/:engineId/*')?.params.engineId ?? null;
  const allEngines = useMatch('/engines') !== null;
  const gate = useEngineGate(engineId);
  const open = gate.kind === 'open';
  const shell = (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to the content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <p className="product-name">docker-footprint</p>
          <EngineSwitcher engineId={engineId} allEngines={allEngines} />
          {!allEngines && open ? <EngineHeader /> : null}
          <ThemeToggle />
        </div>
        <nav className="app-nav" aria-label="Pages">
          <ul>
            {pages.map((page) => (
              <li key={page.to}>
                <NavLink to={page.to} end={page.end}>
                  {page.label}
                </NavLink>
              </li>
            ))}
            <ReclaimNavItem />
          </ul>
        </nav>
      </header>
      <main className="app-main" id="main">
        {allEngines ? (
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        ) : open ? (
          <EngineMain engine={gate.engine} />
        ) : (
          <GateNote gate={gate} />
        )}
      </main>
    </div>
  );
  // On the all-engines page no one engine is shown: the navigation leads to the default one's.
  return allEngines ? (
    shell
  ) : (
    <EngineScopeProvider engineId={engineId}>{shell}</EngineScopeProvider>
  );
}
