import type { FastifyInstance } from 'fastify';
import type { Engine } from './engine/engine.js';
import { containerChangeRoutes } from './routes/container-changes/index.js';
import { duplicateRoutes } from './routes/duplicates/index.js';
import { imageContentRoutes } from './routes/image-contents/index.js';
import { LayerExplorer } from './services/layer-explorer.js';
import { LayerIndex } from './services/layer-index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Layer contents, waste and container writes (issue 6). */
    layerExplorer: LayerExplorer;
  }
}

/** The layer explorer: its per-layer index cache and its routes. */
export async function registerExplorer(
  app: FastifyInstance,
  engine: Engine,
  options: { dataRoot: string | null },
): Promise<void> {
  app.decorate('layerExplorer', new LayerExplorer(new LayerIndex(engine, options)));
  await app.register(imageContentRoutes);
  await app.register(duplicateRoutes);
  await app.register(containerChangeRoutes);
}
