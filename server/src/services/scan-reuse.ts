import { mustReread, type ScanScope } from '../domain/scan-scope.js';
import type { DataRootLayout, ScanMetadata } from '../storage/backends/storage-backend.js';
import type { DataRootScan, PlannedEntry } from '../storage/data-root-scan.js';

/** The last complete scan and the layer metadata it used. */
export interface LastScan {
  scan: DataRootScan;
  metadata: ScanMetadata;
}

/**
 * Which entries of the last scan still hold for a refresh of this scope (domain/scan-scope.ts
 * decides; this names the container each entry belongs to, from the mount records of both the
 * last scan and this one, so a container made or removed since is still recognised).
 */
export function previousFor(
  last: LastScan,
  metadata: ScanMetadata,
  scope: ScanScope,
  layout: Pick<DataRootLayout, 'containerOf'>,
) {
  const containerOf = new Map<string, string>();
  for (const { mounts } of [last.metadata, metadata]) {
    for (const mount of mounts) {
      containerOf.set(mount.mountId, mount.containerId);
      if (mount.initId !== null) containerOf.set(mount.initId, mount.containerId);
    }
  }
  const ofLayerDir = (name: string) => containerOf.get(name) ?? null;
  const containerIdOf = (entry: PlannedEntry) => layout.containerOf(entry, ofLayerDir);
  return {
    scan: last.scan,
    holds: (entry: PlannedEntry) =>
      !mustReread(scope, { kind: entry.kind, self: entry.self, containerId: containerIdOf(entry) }),
  };
}
