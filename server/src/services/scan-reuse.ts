import { anyContainer, mustReread, type ScanScope } from '../domain/scan-scope.js';
import type { DataRootScan, PlannedEntry } from '../storage/data-root-scan.js';
import type { OverlayMetadata } from '../storage/overlay-references.js';

/** The last complete scan and the layer metadata it used. */
export interface LastScan {
  scan: DataRootScan;
  metadata: OverlayMetadata;
}

/**
 * Which entries of the last scan still hold for a refresh of this scope (domain/scan-scope.ts
 * decides; this names the container each entry belongs to, from the mount records of both the
 * last scan and this one, so a container made or removed since is still recognised).
 */
export function previousFor(last: LastScan, metadata: OverlayMetadata, scope: ScanScope) {
  const containerOf = new Map<string, string>();
  for (const { mounts } of [last.metadata, metadata]) {
    for (const mount of mounts) {
      containerOf.set(mount.mountId, mount.containerId);
      if (mount.initId !== null) containerOf.set(mount.initId, mount.containerId);
    }
  }
  const containerIdOf = (entry: PlannedEntry): string | null => {
    const name = entry.name.toString('latin1');
    if (entry.partPath === 'containers/') return name;
    if (entry.partPath === 'overlay2/') return containerOf.get(name) ?? null;
    const mounts =
      entry.partPath === 'image/' && entry.path.toString('latin1').endsWith('/layerdb/mounts');
    return mounts ? anyContainer : null;
  };
  return {
    scan: last.scan,
    holds: (entry: PlannedEntry) =>
      !mustReread(scope, { kind: entry.kind, self: entry.self, containerId: containerIdOf(entry) }),
  };
}
