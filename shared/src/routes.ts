/** The route table: every path the API serves, shared by the server and the web client. */
export const apiRoutes = {
  health: '/api/health',
  images: '/api/images',
  image: '/api/images/:id',
  imageTree: '/api/images/:id/tree',
  imageTreeSearch: '/api/images/:id/tree/search',
  imageAnalysis: '/api/images/:id/analysis',
  duplicateFiles: '/api/duplicates/files',
  duplicateDiffs: '/api/duplicates/diffs',
  containerChanges: '/api/containers/:id/changes',
  imagesRemove: '/api/images/remove',
  imagesRemovePreview: '/api/images/remove/preview',
  imagesUntag: '/api/images/untag',
  imagesTag: '/api/images/tag',
  imageSave: '/api/images/:id/save',
  prune: '/api/prune',
  prunePreview: '/api/prune/preview',
  session: '/api/session',
  disk: '/api/disk',
  diskScan: '/api/disk/scan',
  containers: '/api/containers',
  container: '/api/containers/:id',
  containerRemovePreview: '/api/containers/:id/remove/preview',
  layers: '/api/layers',
  layerSummary: '/api/layers/summary',
  volumes: '/api/volumes',
  buildCache: '/api/build-cache',
  events: '/api/events',
  updates: '/api/updates',
  updatesCheck: '/api/updates/check',
  updatesSettings: '/api/updates/settings',
  openapi: '/api/openapi.json',
  registries: '/api/registries',
  registry: '/api/registries/:host',
  registryCrawl: '/api/registries/:host/crawl',
  registryDeletePreview: '/api/registries/:host/delete/preview',
  registryDelete: '/api/registries/:host/delete',
  pullPreview: '/api/pull/preview',
  pulls: '/api/pull',
  pull: '/api/pull/:id',
  pullEvents: '/api/pull/:id/events',
  pullCancel: '/api/pull/:id/cancel',
  engines: '/api/engines',
  engineEnabled: '/api/engines/:engineId/enabled',
} as const;

/**
 * Where one engine's routes live (issue 19): every route above except the app-wide ones
 * (session, OpenAPI, registries, the engine list) also answers under this prefix for the engine
 * named; unscoped, it answers for the default engine.
 */
export const engineScopePrefix = '/api/engines/:engineId';

/** Routes that belong to the app, not to one engine: they have no engine-scoped twin. */
export const appWideRoutes: readonly string[] = [
  '/api/session',
  '/api/openapi.json',
  '/api/registries',
  '/api/engines',
];

/** Whether a route (a path, with or without its query) is app-wide: it has no engine twin. */
export function isAppWideRoute(route: string): boolean {
  return appWideRoutes.some(
    (prefix) =>
      route === prefix || route.startsWith(`${prefix}/`) || route.startsWith(`${prefix}?`),
  );
}

/** A route's path under an engine's prefix: /api/images -> /api/engines/<id>/images. */
export function engineScopedPath(engineId: string, path: string): string {
  if (!path.startsWith('/api/')) throw new Error(`Not an API path: ${path}`);
  return `/api/engines/${encodeURIComponent(engineId)}/${path.slice('/api/'.length)}`;
}

export function engineEnabledPath(engineId: string): string {
  return apiRoutes.engineEnabled.replace(':engineId', encodeURIComponent(engineId));
}

export function imagePath(id: string): string {
  return apiRoutes.image.replace(':id', encodeURIComponent(id));
}

export function imageSavePath(id: string, tag?: string): string {
  const path = apiRoutes.imageSave.replace(':id', encodeURIComponent(id));
  return tag === undefined ? path : `${path}?tag=${encodeURIComponent(tag)}`;
}

export function containerPath(id: string): string {
  return apiRoutes.container.replace(':id', encodeURIComponent(id));
}

export function containerRemovePreviewPath(id: string): string {
  return apiRoutes.containerRemovePreview.replace(':id', encodeURIComponent(id));
}

/** A registry's routes by host ("127.0.0.1:5000", encoded: the colon is safe, a slash is not). */
export function registryPath(
  host: string,
  route: 'registry' | 'registryCrawl' | 'registryDeletePreview' | 'registryDelete' = 'registry',
): string {
  return apiRoutes[route].replace(':host', encodeURIComponent(host));
}
