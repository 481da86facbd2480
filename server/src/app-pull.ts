import type { FastifyInstance } from 'fastify';
import { pullRouteHandlers } from './routes/pull/index.js';
import { PullPreviewer } from './services/pull-preview.js';
import { PullRunner } from './services/pull-runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What a pull will cost, before it runs (issue 18); the update check asks it too. */
    pullPreviewer: PullPreviewer;
    /** Pulls owned by the server, with their progress. */
    pulls: PullRunner;
  }
}

/**
 * The pull preview and the pulls (issue 18), on the registry client and credentials that
 * app-registries.ts decorates. The disk gained comes from the data-root scan (app.diskTruth).
 */
export async function registerPull(app: FastifyInstance): Promise<void> {
  const engine = app.inventory.engine;
  // The data root as this process sees it (DOCKER_DATA_ROOT), as the inventory reads it.
  const previewer = new PullPreviewer(engine, app.registries.client, {
    dataRoot: app.inventory.options.dataRoot,
    knownDiffIds: async () =>
      new Map((await app.inventory.imageLayers()).map((image) => [image.id, image.diffIds])),
  });
  const runner = new PullRunner(
    engine,
    previewer,
    app.registries.credentials,
    { measureNow: () => app.diskTruth.measureNow() },
    app.log,
  );
  app.decorate('pullPreviewer', previewer);
  app.decorate('pulls', runner);
  app.addHook('preClose', async () => runner.close());
  await app.register(pullRouteHandlers);
}
