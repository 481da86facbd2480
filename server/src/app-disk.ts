import type { FastifyInstance } from 'fastify';
import type { Engine } from './engine/engine.js';
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

const changes = new Set(['images', 'containers', 'volumes', 'build-cache', 'disk']);

/**
 * Disk truth: the scanner service, its routes, and its link to the engine watcher. When the
 * watcher says images, containers, volumes or build cache changed, the data root is scanned
 * again (incrementally), but only once something asked for disk figures.
 */
export async function registerDiskTruth(
  app: FastifyInstance,
  engine: Engine,
  options: DiskTruthAppOptions,
): Promise<void> {
  const diskTruth = new DiskTruth(engine, app.inventory, app.events, options);
  app.decorate('diskTruth', diskTruth);
  const unsubscribe = app.events.subscribe((event) => {
    if (event.type !== 'inventory-changed') return;
    if (!event.resources.some((resource) => changes.has(resource))) return;
    if (diskTruth.hasScanned) diskTruth.refresh(diskTruth.takeNotedChanges());
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await diskTruth.close();
  });
  await app.register(diskScanRoutes);
  await app.register(containerRoutes);
}
