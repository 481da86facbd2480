import { imagePlatform } from '../../engine/image-platform.js';
import type { DiskTruth } from '../../services/disk-truth.js';
import { PullPreviewer } from '../../services/pull-preview.js';
import { PullRunner } from '../../services/pull-runner.js';
import { UpdateChecker } from '../../services/update-check.js';
import type { ConnectionCore, RegistryAccess } from './core.js';

/**
 * What a pull into this engine will cost, before it runs, and the pulls themselves (issue 18),
 * on the app's registry client and credentials. The disk gained comes from this engine's scan.
 */
export function wirePulls(
  core: ConnectionCore,
  diskTruth: DiskTruth,
  registries: RegistryAccess,
): { pullPreviewer: PullPreviewer; pulls: PullRunner } {
  const { engine, inventory } = core;
  const pullPreviewer = new PullPreviewer(engine, registries.client, {
    // The data root as this process sees it, as the inventory reads it.
    dataRoot: core.dataRoot,
    knownDiffIds: async () =>
      new Map((await inventory.imageLayers()).map((image) => [image.id, image.diffIds])),
  });
  const pulls = new PullRunner(
    engine,
    pullPreviewer,
    registries.credentials,
    { measureNow: () => diskTruth.measureNow() },
    core.log,
  );
  // Pulls in flight end before anything they report to closes.
  core.lifecycle.beforeClose(() => pulls.close());
  return { pullPreviewer, pulls };
}

/** Update checks of this engine's images against their registries (results in its state dir). */
export async function wireUpdates(
  core: ConnectionCore,
  registries: RegistryAccess,
): Promise<UpdateChecker> {
  const { engine, inventory } = core;
  const checker = await UpdateChecker.open({
    client: registries.client,
    images: () => inventory.listImages(),
    freshImages: () => engine.listImages(),
    platformOf: (id) => imagePlatform(engine, id),
    stateDir: core.stateDir,
    log: core.log,
  });
  core.lifecycle.onStart(() => checker.start());
  core.lifecycle.onClose(() => checker.close());
  return checker;
}
