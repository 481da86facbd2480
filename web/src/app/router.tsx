import type { EngineState } from '../features/health/utils/engine-state';
import { DashboardPage } from './routes/dashboard-page';
import { NotFoundPage } from './routes/not-found-page';

/**
 * The pages, by path. One page for now; a router library can take over here when pages with
 * parameters arrive, without the pages changing.
 */
export function AppRoutes({ path, engineState }: { path: string; engineState: EngineState }) {
  switch (path) {
    case '/':
      return <DashboardPage engineState={engineState} />;
    default:
      return <NotFoundPage path={path} />;
  }
}
