import { EngineActions } from '../../engine/engine-actions.js';
import { ContainerRemover } from '../../services/container-removal.js';
import { diskRemovalSource } from '../../services/disk-removal-facts.js';
import type { DiskTruth } from '../../services/disk-truth.js';
import { EngineWatcher } from '../../services/engine-watcher.js';
import { ImageListService } from '../../services/image-list.js';
import { ImageRemover } from '../../services/image-removal.js';
import { type ImageArchive, openImageArchive } from '../../services/image-save.js';
import { ImageTagger } from '../../services/image-tagging.js';
import { ImageTagTimes, tagTimesFromDataRoot } from '../../services/image-tag-times.js';
import { LastUse } from '../../services/last-use.js';
import { PruneService } from '../../services/prune.js';
import { PruneSnapshots } from '../../services/prune-snapshot.js';
import { MeasuredRemoval } from '../../services/removal-preview.js';
import type { ConnectionCore } from './core.js';

export interface ActionParts {
  lastUse: LastUse;
  engineWatcher: EngineWatcher;
  imageList: ImageListService;
  imageRemover: ImageRemover;
  imageTagger: ImageTagger;
  imageArchives: { open(id: string, tag: string | null): Promise<ImageArchive> };
  containerRemover: ContainerRemover;
  measuredRemoval: MeasuredRemoval;
  prune: PruneService;
}

/**
 * The safe actions (remove, untag, tag, save, prune with a preview), last use and the engine
 * watcher. The watcher publishes `inventory-changed` on the connection's bus and signals each
 * change, which the snapshot and the disk side act on.
 */
export async function wireActions(
  core: ConnectionCore,
  diskTruth: DiskTruth,
  options: { watchEngine: boolean },
): Promise<ActionParts> {
  const { engine, events, inventory, snapshot, signals, dataRoot } = core;
  const actions = new EngineActions(engine);
  const lastUse = await LastUse.open(core.stateDir);
  const watcher = new EngineWatcher(actions, events, lastUse, {
    log: core.log,
    onOpened: () => snapshot.streamOpened(),
    onLive: (live) => snapshot.setLive(live),
    // The kept image rows, not a df per burst of image events (services/engine-watcher.ts).
    imageIds: async () => (await inventory.imageLayers()).map((image) => image.id),
    onChange: (_resources, change) => {
      snapshot.changed(change);
      signals.emit('engine-change', change);
    },
  });
  const tagTimes = new ImageTagTimes(
    (id) => engine.lastTagTime(id),
    tagTimesFromDataRoot(snapshot, dataRoot, core.pools),
  );
  const remover = new ImageRemover(engine, actions);
  const snapshots = new PruneSnapshots(engine, actions, lastUse, dataRoot, core.pools);
  const disk = diskRemovalSource(diskTruth);
  const containerRemover = new ContainerRemover(engine.client, {
    source: disk,
    // Where the disk page reads, and by which backend; measured now, whether or not a scan ran.
    async location() {
      const [measurement, backend] = await Promise.all([
        diskTruth.measurement(),
        diskTruth.storageBackend(),
      ]);
      if (backend === null || measurement.dataRoot === null) {
        return { reason: measurement.reason ?? 'The data root is not read on this backend.' };
      }
      return { dataRoot: measurement.dataRoot, driver: backend.driver, backend };
    },
  });
  if (options.watchEngine) core.lifecycle.onStart(() => watcher.start());
  core.lifecycle.onClose(async () => {
    await watcher.stop();
    await lastUse.flush();
  });
  return {
    lastUse,
    engineWatcher: watcher,
    imageList: new ImageListService(inventory, lastUse, tagTimes),
    imageRemover: remover,
    imageTagger: new ImageTagger(engine),
    imageArchives: { open: (id, tag) => openImageArchive(engine, id, tag) },
    containerRemover,
    measuredRemoval: new MeasuredRemoval(remover, snapshots, disk),
    prune: new PruneService(snapshots, actions, lastUse, events, disk),
  };
}
