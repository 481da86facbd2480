import type { FastifyInstance } from 'fastify';
import { buildCacheRoutes } from './routes/build-cache/index.js';
import { layerRoutes } from './routes/layers/index.js';
import { volumeRoutes } from './routes/volumes/index.js';

/** Read-only lists for the dashboard (issue 4): every layer once, volumes, build cache. */
export async function registerLists(app: FastifyInstance): Promise<void> {
  await app.register(layerRoutes);
  await app.register(volumeRoutes);
  await app.register(buildCacheRoutes);
}
