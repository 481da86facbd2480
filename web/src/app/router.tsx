import { type ComponentType, lazy } from 'react';
import { createBrowserRouter, createMemoryRouter, type RouteObject } from 'react-router';
import { AppShell } from './app-shell';
import { PageLoadError } from './page-loading';
import { NotFoundPage } from './routes/not-found-page';
import { OverviewPage } from './routes/overview-page';

/**
 * A page loaded when it is first opened: its own chunk, not the entry's. AppShell's Suspense
 * shows "Loading the page…" in its place meanwhile; a chunk that does not load shows why, with a
 * reload. `name` is the module's named export.
 */
function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): ComponentType {
  return lazy<ComponentType>(() =>
    load().then(
      (module) => ({ default: module[name] }),
      (error: unknown) => ({
        default: () => (
          <PageLoadError error={error instanceof Error ? error : new Error(String(error))} />
        ),
      }),
    ),
  );
}

/*
 * Every page but the first screen (the overview) is lazy, so the entry chunk holds only what the
 * first screen needs. A new page is one line here, in this form:
 *   const XPage = lazyPage(() => import('./routes/x-page'), 'XPage');
 * and one route below: { path: 'x', element: <XPage /> }.
 */
const BuildCachePage = lazyPage(() => import('./routes/build-cache-page'), 'BuildCachePage');
const ContainerChangesPage = lazyPage(
  () => import('./routes/container-changes-page'),
  'ContainerChangesPage',
);
const ContainersPage = lazyPage(() => import('./routes/containers-page'), 'ContainersPage');
const DuplicatesPage = lazyPage(() => import('./routes/duplicates-page'), 'DuplicatesPage');
const EnginesPage = lazyPage(() => import('./routes/engines-page'), 'EnginesPage');
const ImageDetailPage = lazyPage(() => import('./routes/image-detail-page'), 'ImageDetailPage');
const ImageExplorerPage = lazyPage(
  () => import('./routes/image-explorer-page'),
  'ImageExplorerPage',
);
const ImagesPage = lazyPage(() => import('./routes/images-page'), 'ImagesPage');
const LayersPage = lazyPage(() => import('./routes/layers-page'), 'LayersPage');
const RegistriesPage = lazyPage(() => import('./routes/registries-page'), 'RegistriesPage');
const ReclaimPage = lazyPage(() => import('./routes/reclaim-page'), 'ReclaimPage');
const ReportPage = lazyPage(() => import('./routes/report-page'), 'ReportPage');
const VolumesPage = lazyPage(() => import('./routes/volumes-page'), 'VolumesPage');

/** One engine's pages by path; search params hold the rest of the view (filters, sort, selection). */
function enginePages(): RouteObject[] {
  return [
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
    // The app's, not an engine's; under an engine's prefix too, so the header keeps it.
    { path: 'registries/:host?', element: <RegistriesPage /> },
    { path: '*', element: <NotFoundPage /> },
  ];
}

/**
 * The engine is in the URL (issue 19): /engines/<id>/images is engine <id>'s images page, and
 * every unprefixed URL (/, /images, …) is the default engine's, as before there were several.
 * /engines is the all-engines overview. AppShell reads which engine from the URL.
 */
export const appRoutes: RouteObject[] = [
  {
    element: <AppShell />,
    children: [
      { path: 'engines', element: <EnginesPage /> },
      { path: 'engines/:engineId', children: enginePages() },
      ...enginePages(),
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
