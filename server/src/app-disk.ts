import type { FastifyInstance } from 'fastify';
import { containerRoutes } from './routes/containers/index.js';
import { diskScanRoutes } from './routes/disk/scan.js';
import { DiskTruth } from './services/disk-truth.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** On-disk figures of the data root (issue 3); see DiskTruth.refresh(). */
    diskTruth: DiskTruth;
  }
}

export interface DiskTruthAppOptions {
  dataRoot: string | null;
  stateDir: string | null;
}

/**
 * Disk truth: the scanner service, its routes, and what makes it scan again once something
 * asked for disk figures: each engine event as it comes (app-actions.ts calls noteChange), the
 * engine coming back after it was away, and sizes that grew with no event (app.ts).
 */
export async function registerDiskTruth(
  app: FastifyInstance,
  options: DiskTruthAppOptions,
): Promise<void> {
  const diskTruth = new DiskTruth(app.inventory, app.events, options);
  app.decorate('diskTruth', diskTruth);
  const unsubscribe = app.events.subscribe((event) => {
    // Anything may have changed while the engine was away (a restart, a prune from the CLI).
    if (event.type === 'engine' && event.reachable && diskTruth.hasScanned) diskTruth.refresh();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await diskTruth.close();
  });
  await app.register(diskScanRoutes);
  await app.register(containerRoutes);
}
