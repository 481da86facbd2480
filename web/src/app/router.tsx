import type { QueryClient } from '@tanstack/react-query';
import { type ComponentType, isValidElement, lazy } from 'react';
import {
  createBrowserRouter,
  createMemoryRouter,
  matchRoutes,
  type RouteObject,
} from 'react-router';
import { imagesQueryOptions } from '../features/images/api/get-images';
import { layersQueryOptions } from '../features/layers/api/get-layers';
import { type EngineApi, engineApi } from '../lib/engine-api';
import { AppShell } from './app-shell';
import { PageLoadError } from './page-loading';
import { NotFoundPage } from './routes/not-found-page';
import { OverviewPage } from './routes/overview-page';

/**
 * Asks for one query a page asks for as soon as it is drawn, for an engine, as the page asks it
 * (prefetchQuery: never rejects; the page's own query finds the answer, or the error, cached).
 */
type FirstQuery = (client: QueryClient, api: EngineApi) => Promise<void>;

/** A lazy page, whose chunk (and first data) can be asked for before it is first drawn. */
type LazyPage = ComponentType & { preload: (client: QueryClient, api: EngineApi) => void };

/**
 * A page loaded when it is first opened: its own chunk, not the entry's. AppShell's Suspense
 * shows "Loading the page…" in its place meanwhile; a chunk that does not load shows why, with a
 * reload. `name` is the module's named export. `preload()` asks for the chunk now, and for
 * `first`, the queries the page asks for as soon as it is drawn whose options the entry holds
 * already (the page at the URL the app opens with: createAppRouter).
 */
function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
  first: readonly FirstQuery[] = [],
): LazyPage {
  let loading: Promise<Record<Name, ComponentType>> | undefined;
  const once = () => (loading ??= load());
  const Page = lazy<ComponentType>(() =>
    once().then(
      (module) => ({ default: module[name] }),
      (error: unknown) => ({
        default: () => (
          <PageLoadError error={error instanceof Error ? error : new Error(String(error))} />
        ),
      }),
    ),
  );
  return Object.assign(Page, {
    preload: (client: QueryClient, api: EngineApi) => {
      // A chunk that fails is the page's to show when it is drawn (above), never unhandled here.
      void once().catch(() => {});
      for (const query of first) void query(client, api);
    },
  });
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
const ImagesPage = lazyPage(() => import('./routes/images-page'), 'ImagesPage', [
  (client, api) => client.prefetchQuery(imagesQueryOptions(api)),
  (client, api) => client.prefetchQuery(layersQueryOptions(api)),
]);
const LayersPage = lazyPage(() => import('./routes/layers-page'), 'LayersPage', [
  (client, api) => client.prefetchQuery(layersQueryOptions(api)),
  (client, api) => client.prefetchQuery(imagesQueryOptions(api)),
]);
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

/**
 * The browser's router. The page at the URL the app opens with starts loading its chunk, and its
 * first data, now, beside the app's first render, instead of when that render reaches it: the
 * images page's chunks were asked 0.3 to 0.4 s after the entry had loaded, and its data only
 * once they had loaded.
 */
export function createAppRouter(client: QueryClient): AppRouter {
  preloadPageAt(client, window.location.pathname);
  return createBrowserRouter(appRoutes);
}

/** What createAppRouter asks for ahead of the page at `pathname` (exported for tests). */
export function preloadPageAt(client: QueryClient, pathname: string): void {
  const matches = matchRoutes(appRoutes, pathname) ?? [];
  const api = engineApi(matches.at(-1)?.params.engineId ?? null);
  for (const { route } of matches) {
    // A lazy component is an object (React.lazy's), with the preload lazyPage gave it.
    const page: unknown = isValidElement(route.element) ? route.element.type : null;
    if (typeof page === 'object' && page !== null && 'preload' in page)
      (page as LazyPage).preload(client, api);
  }
}

/** For tests: the same pages, starting at `path`, without a browser history. */
export function createTestRouter(path: string): AppRouter {
  return createMemoryRouter(appRoutes, { initialEntries: [path] });
}
