import type { FastifyInstance } from 'fastify';
import type { Engine } from './engine/engine.js';
import { EngineActions } from './engine/engine-actions.js';
import { imageActionRoutes } from './routes/image-actions/index.js';
import { pruneRoutes } from './routes/prune/index.js';
import { sessionRoutes } from './routes/session/index.js';
import { diskRemovalSource } from './services/disk-removal-facts.js';
import { EngineWatcher } from './services/engine-watcher.js';
import { ImageListService } from './services/image-list.js';
import { ImageRemover } from './services/image-removal.js';
import { LastUse } from './services/last-use.js';
import { PruneService } from './services/prune.js';
import { PruneSnapshots } from './services/prune-snapshot.js';
import { MeasuredRemoval } from './services/removal-preview.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-launch session token (printed at start-up in the URL to open). */
    sessionToken: string;
    readOnly: boolean;
    lastUse: LastUse;
    imageList: ImageListService;
    imageRemover: ImageRemover;
    measuredRemoval: MeasuredRemoval;
    prune: PruneService;
    engineWatcher: EngineWatcher;
  }
}

export interface ActionOptions {
  dataRoot: string | null;
  stateDir: string | null;
  readOnly: boolean;
  watchEngine: boolean;
}

/**
 * The safe actions (remove, untag, prune with a preview), last use and the engine watcher. The
 * watcher publishes `inventory-changed` on app.events: other services subscribe there.
 */
export async function registerActions(
  app: FastifyInstance,
  engine: Engine,
  options: ActionOptions,
): Promise<void> {
  const actions = new EngineActions(engine);
  const lastUse = await LastUse.open(options.stateDir);
  const watcher = new EngineWatcher(actions, app.events, lastUse, {
    log: app.log,
    onOpened: () => app.engineSnapshot.streamOpened(),
    onLive: (live) => app.engineSnapshot.setLive(live),
    onChange: (_resources, change) => {
      app.engineSnapshot.changed(change);
      app.diskTruth.noteChange(change);
    },
  });
  app.decorate('readOnly', options.readOnly);
  app.decorate('lastUse', lastUse);
  app.decorate('imageList', new ImageListService(app.inventory, lastUse));
  const remover = new ImageRemover(engine, actions);
  const snapshots = new PruneSnapshots(engine, actions, lastUse, options.dataRoot);
  const disk = diskRemovalSource(app.diskTruth);
  app.decorate('imageRemover', remover);
  app.decorate('measuredRemoval', new MeasuredRemoval(remover, snapshots, disk));
  app.decorate('prune', new PruneService(snapshots, actions, lastUse, app.events, disk));
  app.decorate('engineWatcher', watcher);
  if (options.watchEngine) {
    app.addHook('onReady', async () => watcher.start());
  }
  app.addHook('onClose', async () => {
    await watcher.stop();
    await lastUse.flush();
  });

  await app.register(sessionRoutes);
  await app.register(imageActionRoutes);
  await app.register(pruneRoutes);
}
