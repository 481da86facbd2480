import type { FastifyInstance } from 'fastify';
import type { Engine } from './engine/engine.js';
import { containerChangeRoutes } from './routes/container-changes/index.js';
import { duplicateRoutes } from './routes/duplicates/index.js';
import { imageContentRoutes } from './routes/image-contents/index.js';
import { LayerExplorer } from './services/layer-explorer.js';
import { LayerIndex } from './services/layer-index.js';
import { scheduleSweeps } from './services/layer-index-sweep.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Layer contents, waste and container writes (issue 6). */
    layerExplorer: LayerExplorer;
  }
}

/** The layer explorer: its per-layer index (workers, memory, files) and its routes. */
export async function registerExplorer(
  app: FastifyInstance,
  engine: Engine,
  options: { dataRoot: string | null; stateDir: string | null },
): Promise<void> {
  const index = new LayerIndex(engine, {
    ...options,
    publish: (event) => app.events.publish(event),
    warn: (message) => app.log.warn(message),
    snapshot: app.engineSnapshot,
  });
  app.decorate(
    'layerExplorer',
    // The duplicates are worked out from the app's kept answers (image set, tags, last scan).
    new LayerExplorer(index, {
      imageLayers: () => app.inventory.imageLayers(),
      images: () => app.inventory.listImages(),
      storageInfo: () => app.engineSnapshot.storageInfo(),
      layerDisks: () => app.diskTruth.layerDisks(),
    }),
  );
  const stopSweeps =
    options.stateDir === null
      ? () => {}
      : scheduleSweeps(
          engine,
          options.stateDir,
          (onImagesChanged) =>
            app.events.subscribe((event) => {
              if (event.type === 'inventory-changed' && event.resources.includes('images')) {
                onImagesChanged();
              }
            }),
          (message) => app.log.warn(message),
        );
  app.addHook('onClose', async () => {
    stopSweeps();
    await index.close();
  });
  await app.register(imageContentRoutes);
  await app.register(duplicateRoutes);
  await app.register(containerChangeRoutes);
}
