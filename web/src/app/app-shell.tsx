import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useEngineState } from '../features/health/api/get-health';
import { EngineDownBanner } from '../features/health/components/engine-down-banner';
import { EngineStatus } from '../features/health/components/engine-status';
import { ReclaimNavItem } from '../features/prune/components/reclaim-nav-item';
import { ThemeToggle } from '../components/theme/theme-toggle';
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

/** Header, navigation and the engine-down banner around every page. */
export function AppShell() {
  const { state, health, error } = useEngineState();
  useRefreshOnReconnect(state);
  useLiveEvents();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to the content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <p className="product-name">docker-footprint</p>
          <EngineStatus state={state} health={health} />
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
        {state === 'down' ? <EngineDownBanner health={health} error={error} /> : null}
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
