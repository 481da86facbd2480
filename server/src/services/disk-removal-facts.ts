import type { DiskTruth } from './disk-truth.js';
import type { PruneDiskSource, RemovalFacts } from './prune-disk.js';
import type { LastScan } from './scan-reuse.js';

/*
 * DiskTruth as the prune's on-disk source: the last scan's entries by their path under the data
 * root (a layer directory, a layer record, containers/<id>), and the container mount records it
 * read.
 */

const figuresByScan = new WeakMap<LastScan, Map<string, number>>();

/** `du -B1 -s` of each entry the scan measured as a whole, by path relative to the data root. */
function scannedFigures(last: LastScan): Map<string, number> {
  let figures = figuresByScan.get(last);
  if (figures === undefined) {
    figures = new Map();
    const prefix = last.scan.dataRoot.length + 1;
    for (const entry of last.scan.entries) {
      if (entry.self || entry.result.rootMissing) continue;
      figures.set(entry.key.slice(prefix), entry.figures.diskBytes);
    }
    figuresByScan.set(last, figures);
  }
  return figures;
}

export function diskRemovalSource(diskTruth: DiskTruth): PruneDiskSource {
  return {
    async removalFacts(): Promise<RemovalFacts | { reason: string }> {
      const settled = await diskTruth.settledScan();
      if ('reason' in settled) return settled;
      const { last } = settled;
      const figures = scannedFigures(last);
      const mounts = new Map(last.metadata.mounts.map((mount) => [mount.containerId, mount]));
      return {
        dataRoot: last.scan.dataRoot,
        driver: settled.driver,
        backend: settled.backend,
        measuredAt: settled.measuredAt,
        scannedBytes: (path) => figures.get(path) ?? null,
        cacheIdOf: settled.cacheIdOf,
        mountsOf: (containerId) => mounts.get(containerId) ?? null,
      };
    },
    measureNow: () => diskTruth.measureNow(),
  };
}
