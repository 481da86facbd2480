import type { FastifyInstance } from 'fastify';
import type { Engine } from './engine/engine.js';
import { EngineActions } from './engine/engine-actions.js';
import { containerRemovalRoutes } from './routes/containers/container-removal.js';
import { imageActionRoutes } from './routes/image-actions/index.js';
import { imageTagAndSaveRoutes } from './routes/image-actions/tag-and-save.js';
import { pruneRoutes } from './routes/prune/index.js';
import { sessionRoutes } from './routes/session/index.js';
import { ContainerRemover } from './services/container-removal.js';
import { diskRemovalSource } from './services/disk-removal-facts.js';
import { EngineWatcher } from './services/engine-watcher.js';
import { ImageListService } from './services/image-list.js';
import { ImageRemover } from './services/image-removal.js';
import { ImageTagTimes, tagTimesFromDataRoot } from './services/image-tag-times.js';
import { type ImageArchive, openImageArchive } from './services/image-save.js';
import { ImageTagger } from './services/image-tagging.js';
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
    imageTagger: ImageTagger;
    imageArchives: { open(id: string, tag: string | null): Promise<ImageArchive> };
    containerRemover: ContainerRemover;
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
    // The kept image rows, not a df per burst of image events (services/engine-watcher.ts).
    imageIds: async () => (await app.inventory.imageLayers()).map((image) => image.id),
    onChange: (_resources, change) => {
      app.engineSnapshot.changed(change);
      app.diskTruth.noteChange(change);
    },
  });
  app.decorate('readOnly', options.readOnly);
  app.decorate('lastUse', lastUse);
  const tagTimes = new ImageTagTimes(
    (id) => engine.lastTagTime(id),
    tagTimesFromDataRoot(app.engineSnapshot, options.dataRoot),
  );
  app.decorate('imageList', new ImageListService(app.inventory, lastUse, tagTimes));
  const remover = new ImageRemover(engine, actions);
  const snapshots = new PruneSnapshots(engine, actions, lastUse, options.dataRoot);
  const disk = diskRemovalSource(app.diskTruth);
  app.decorate('imageRemover', remover);
  app.decorate('measuredRemoval', new MeasuredRemoval(remover, snapshots, disk));
  app.decorate('prune', new PruneService(snapshots, actions, lastUse, app.events, disk));
  app.decorate('engineWatcher', watcher);
  app.decorate('imageTagger', new ImageTagger(engine));
  app.decorate('imageArchives', { open: (id, tag) => openImageArchive(engine, id, tag) });
  app.decorate(
    'containerRemover',
    new ContainerRemover(engine.client, {
      source: disk,
      // Where the disk page reads (overlay2 only); measured now, whether or not a scan ran.
      async location() {
        const measurement = await app.diskTruth.measurement();
        if (measurement.backend !== 'overlay2' || measurement.dataRoot === null) {
          return { reason: measurement.reason ?? 'The data root is not read on this backend.' };
        }
        return { dataRoot: measurement.dataRoot, driver: measurement.driver ?? 'overlay2' };
      },
    }),
  );
  if (options.watchEngine) {
    app.addHook('onReady', async () => watcher.start());
  }
  app.addHook('onClose', async () => {
    await watcher.stop();
    await lastUse.flush();
  });

  await app.register(sessionRoutes);
  await app.register(imageActionRoutes);
  await app.register(imageTagAndSaveRoutes);
  await app.register(containerRemovalRoutes);
  await app.register(pruneRoutes);
}
