import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { EngineIdSchema } from '@footprint/shared';
import type { EngineConnection } from '../engines/engine-connection.js';
import { buildCacheRoutes } from './build-cache/index.js';
import { containerChangeRoutes } from './container-changes/index.js';
import { containerRemovalRoutes } from './containers/container-removal.js';
import { containerRoutes } from './containers/index.js';
import { diskRoutes } from './disk/index.js';
import { diskScanRoutes } from './disk/scan.js';
import { duplicateRoutes } from './duplicates/index.js';
import { eventRoutes } from './events/index.js';
import { healthRoutes } from './health/index.js';
import { imageActionRoutes } from './image-actions/index.js';
import { imageTagAndSaveRoutes } from './image-actions/tag-and-save.js';
import { imageContentRoutes } from './image-contents/index.js';
import { imageRoutes } from './images/index.js';
import { layerRoutes } from './layers/index.js';
import { pruneRoutes } from './prune/index.js';
import { pullRouteHandlers } from './pull/index.js';
import { updateRoutes } from './updates/index.js';
import { volumeRoutes } from './volumes/index.js';

/**
 * Every route that answers for one engine, reading its services from `request.engine`. The app
 * registers this set twice (app-engines.ts): unscoped for the default engine, and under
 * /api/engines/:engineId. App-wide routes (session, registries, the engine list) are not here.
 */
export const engineRouteSet: FastifyPluginAsync = async (app) => {
  for (const routes of [
    healthRoutes,
    imageRoutes,
    diskRoutes,
    diskScanRoutes,
    containerRoutes,
    eventRoutes,
    imageContentRoutes,
    duplicateRoutes,
    containerChangeRoutes,
    layerRoutes,
    volumeRoutes,
    buildCacheRoutes,
    imageActionRoutes,
    imageTagAndSaveRoutes,
    containerRemovalRoutes,
    pruneRoutes,
    pullRouteHandlers,
    updateRoutes,
  ]) {
    await app.register(routes);
  }
};

interface JsonObjectSchema {
  type?: string;
  properties?: Record<string, unknown>;
  required?: string[];
}

/**
 * In this scope, every route `/api/X` is registered as `<prefix>/X` (prefix
 * `/api/engines/:engineId`), its params schema gains `engineId`, and each request gets the
 * engine it names, or ENGINE_NOT_FOUND / ENGINE_OFF before anything else runs. The routes
 * themselves are written once, with the paths in shared/src/routes.ts.
 */
export function scopeRoutesToEngine(
  scope: FastifyInstance,
  prefix: string,
  find: (engineId: string) => Promise<EngineConnection>,
): void {
  scope.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const url = `${prefix}/${route.url.slice('/api/'.length)}`;
    route.url = url;
    route.path = url;
    const schema = (route.schema ??= {});
    const params = (schema.params ?? { type: 'object', properties: {} }) as JsonObjectSchema;
    schema.params = {
      ...params,
      type: 'object',
      properties: { ...params.properties, engineId: EngineIdSchema },
      required: [...(params.required ?? []), 'engineId'],
    };
  });
  scope.addHook('onRequest', async (request) => {
    const { engineId } = request.params as { engineId?: string };
    request.engine = await find(engineId ?? '');
  });
}
