import { createBrowserRouter, createMemoryRouter, type RouteObject } from 'react-router';
import { AppShell } from './app-shell';
import { BuildCachePage } from './routes/build-cache-page';
import { ContainerChangesPage } from './routes/container-changes-page';
import { ContainersPage } from './routes/containers-page';
import { DuplicatesPage } from './routes/duplicates-page';
import { ImageExplorerPage } from './routes/image-explorer-page';
import { ImageDetailPage } from './routes/image-detail-page';
import { ImagesPage } from './routes/images-page';
import { LayersPage } from './routes/layers-page';
import { NotFoundPage } from './routes/not-found-page';
import { OverviewPage } from './routes/overview-page';
import { ReclaimPage } from './routes/reclaim-page';
import { RegistriesPage } from './routes/registries-page';
import { ReportPage } from './routes/report-page';
import { VolumesPage } from './routes/volumes-page';

/** Every page by path; search params hold the rest of the view (filters, sort, selection). */
export const appRoutes: RouteObject[] = [
  {
    element: <AppShell />,
    children: [
      { index: true, element: <OverviewPage /> },
      { path: 'images', element: <ImagesPage /> },
      { path: 'images/:id', element: <ImageDetailPage /> },
      { path: 'images/:id/explorer', element: <ImageExplorerPage /> },
      { path: 'duplicates', element: <DuplicatesPage /> },
      { path: 'layers', element: <LayersPage /> },
      { path: 'containers', element: <ContainersPage /> },
      { path: 'containers/:id/changes', element: <ContainerChangesPage /> },
      { path: 'volumes', element: <VolumesPage /> },
      { path: 'build-cache', element: <BuildCachePage /> },
      { path: 'report', element: <ReportPage /> },
      { path: 'reclaim', element: <ReclaimPage /> },
      { path: 'registries/:host?', element: <RegistriesPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export type AppRouter = ReturnType<typeof createBrowserRouter>;

export function createAppRouter(): AppRouter {
  return createBrowserRouter(appRoutes);
}

/** For tests: the same pages, starting at `path`, without a browser history. */
export function createTestRouter(path: string): AppRouter {
  return createMemoryRouter(appRoutes, { initialEntries: [path] });
}
