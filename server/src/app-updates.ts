import type { FastifyInstance } from 'fastify';
import { imagePlatform } from './engine/image-platform.js';
import { updateRoutes } from './routes/updates/index.js';
import { UpdateChecker } from './services/update-check.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Update checks of the local images against their registries (issue 18). */
    updateChecker: UpdateChecker;
  }
}

/**
 * Update checks: the checker (results kept in the state dir), its interval once the app is
 * ready, and its routes. Called from registerRegistries, after app.registries is decorated.
 */
export async function registerUpdateChecks(
  app: FastifyInstance,
  options: { stateDir: string | null },
): Promise<void> {
  const checker = await UpdateChecker.open({
    client: app.registries.client,
    images: () => app.inventory.listImages(),
    freshImages: () => app.inventory.engine.listImages(),
    platformOf: (id) => imagePlatform(app.inventory.engine, id),
    stateDir: options.stateDir,
    log: app.log,
  });
  app.decorate('updateChecker', checker);
  app.addHook('onReady', async () => checker.start());
  app.addHook('onClose', async () => checker.close());
  await app.register(updateRoutes);
}
