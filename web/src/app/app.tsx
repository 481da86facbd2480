import type { QueryClient } from '@tanstack/react-query';
import { useEngineState } from '../features/health/api/get-health';
import { EngineDownBanner } from '../features/health/components/engine-down-banner';
import { EngineStatus } from '../features/health/components/engine-status';
import { AppProviders } from './providers';
import { AppRoutes } from './router';
import { useRefreshOnReconnect } from './use-refresh-on-reconnect';

function AppShell({ path }: { path: string }) {
  const { state, health, error } = useEngineState();
  useRefreshOnReconnect(state);
  return (
    <div className="app">
      <header className="app-header">
        <div className="app-header-inner">
          <h1 className="product-name">docker-footprint</h1>
          <EngineStatus state={state} health={health} />
        </div>
      </header>
      <main className="app-main">
        {state === 'down' ? <EngineDownBanner health={health} error={error} /> : null}
        <AppRoutes path={path} engineState={state} />
      </main>
    </div>
  );
}

export function App({ client, path }: { client: QueryClient; path: string }) {
  return (
    <AppProviders client={client}>
      <AppShell path={path} />
    </AppProviders>
  );
}
