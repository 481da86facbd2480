import { DiskTruth } from '../../services/disk-truth.js';
import type { ConnectionCore } from './core.js';

/**
 * Disk truth and what makes it scan again once something asked for disk figures: each engine
 * event as it comes, the engine coming back after it was away, and sizes that grew with no event.
 */
export function wireDisk(core: ConnectionCore): DiskTruth {
  const diskTruth = new DiskTruth(core.inventory, core.events, {
    dataRoot: core.dataRoot,
    stateDir: core.stateDir,
    unreadableReason: core.diskUnreadable,
    pools: core.pools,
  });
  const stops = [
    core.events.subscribe((event) => {
      // Anything may have changed while the engine was away (a restart, a prune from the CLI).
      if (event.type === 'engine' && event.reachable && diskTruth.hasScanned) diskTruth.refresh();
    }),
    core.signals.on('engine-change', (change) => diskTruth.noteChange(change)),
    core.signals.on('sizes-grew', () => {
      if (diskTruth.hasScanned) diskTruth.refresh();
    }),
  ];
  core.lifecycle.onClose(async () => {
    for (const stop of stops) stop();
    await diskTruth.close();
  });
  return diskTruth;
}
