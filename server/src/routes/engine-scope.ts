import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { EngineIdSchema, engineIdPattern } from '@footprint/shared';
import type { EngineConnection } from '../engines/engine-connection.js';
import { BadRequestError } from '../errors.js';
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

const engineIdTest = new RegExp(engineIdPattern);

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
    // A new schema object: fastify hands a GET route's HEAD twin the same one, and the hook
    // runs for both.
    const params = (route.schema?.params ?? { properties: {} }) as JsonObjectSchema;
    const required = params.required ?? [];
    route.schema = {
      ...route.schema,
      params: {
        ...params,
        type: 'object',
        properties: { ...params.properties, engineId: EngineIdSchema },
        required: required.includes('engineId') ? required : [...required, 'engineId'],
      },
    };
  });
  scope.addHook('onRequest', async (request) => {
    // Checked here, not only by the params schema: the engine is looked up before validation.
    const { engineId = '' } = request.params as { engineId?: string };
    if (!engineIdTest.test(engineId)) {
      throw new BadRequestError(
        'INVALID_ENGINE_ID',
        'An engine ID is lower-case letters, digits and dashes; GET /api/engines lists them.',
      );
    }
    request.engine = await find(engineId);
  });
}
