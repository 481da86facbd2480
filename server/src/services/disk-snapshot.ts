import type { OrphanDir, ScanWarning } from '@footprint/shared';
import type { ContainerDiskFacts } from '../domain/containers.js';
import { buildBreakdown, type Figures, figuresTogether } from '../domain/data-root-breakdown.js';
import { displayPath } from '../domain/display-path.js';
import type { DataRootScan, ScanEntry } from '../storage/data-root-scan.js';
import type { MeasuredFigures } from '../storage/kept-measurement.js';
import type { DataRootBackend, ScanMetadata } from '../storage/backends/storage-backend.js';

/** What one complete scan found, in the shapes the API answers with. */
export interface DiskSnapshot extends MeasuredFigures {
  /** Directories this scan read (entries taken from elsewhere read none). */
  directoriesRead: number;
  scan: DataRootScan;
  full: boolean;
}

/** Which entries a scan read and which it took from the cache; tests count them. */
export interface ScanReport {
  full: boolean;
  directoriesRead: number;
  walked: { path: string; kind: string; directoriesRead: number }[];
  /** Image layer directories and layer records taken without reading them, by name. */
  cached: string[];
  /** Entries taken from the previous scan (nothing changed them since), by path. */
  reused: string[];
}

const maxWarnings = 100;

function relativePath(scan: DataRootScan, entry: ScanEntry): string {
  return displayPath(entry.path.subarray(Buffer.byteLength(scan.dataRoot) + 1));
}

/** The report of a snapshot's scan, made when asked: only tests and the benchmark ask. */
export function scanReport({ scan, full, directoriesRead }: DiskSnapshot): ScanReport {
  const report: ScanReport = { full, directoriesRead, walked: [], cached: [], reused: [] };
  scan.entries.forEach((entry, index) => {
    const origin = scan.origins[index];
    if (origin === 'cached') report.cached.push(entry.displayName);
    else if (origin === 'reused') report.reused.push(relativePath(scan, entry));
    else {
      const { directoriesRead: read } = entry.result;
      report.walked.push({
        path: relativePath(scan, entry),
        kind: entry.kind,
        directoriesRead: read,
      });
    }
  });
  return report;
}

/**
 * The API's shapes from one scan. Entries taken from the previous scan are the same objects,
 * and so are their figures: a refresh after a container event makes a few new ones.
 */
export function toSnapshot(
  scan: DataRootScan,
  metadata: ScanMetadata,
  full: boolean,
  backend: Pick<DataRootBackend, 'layout' | 'layerDirectory'>,
): DiskSnapshot {
  const { layout } = backend;
  const breakdown = buildBreakdown(scan.dataRoot, scan.rootSelf, scan.entries, {
    labels: layout.labels,
    descriptions: layout.descriptions,
    countedParts: [layout.layerPart, layout.containerPart],
  });

  const overlayDirs = new Map<string, Figures>();
  const containerDirs = new Map<string, ContainerDiskFacts['containerDir']>();
  const orphanDirs: OrphanDir[] = [];
  const orphanEntries: ScanEntry[] = [];
  const warnings: ScanWarning[] = [];
  let vanishedEntries = scan.vanished;
  let mountsSkipped = scan.mountsSkipped;
  let directoriesRead = 0;

  scan.entries.forEach((entry, index) => {
    const { result, displayName: name } = entry;
    vanishedEntries += result.vanished;
    mountsSkipped += result.mountsSkipped;
    if (scan.origins[index] === 'walked') directoriesRead += result.directoriesRead;
    for (const warning of result.warnings) {
      if (warnings.length >= maxWarnings) break;
      warnings.push({
        path: displayPath(warning.path),
        code: warning.code,
        message: warning.message,
      });
    }
    if (entry.self || result.rootMissing) return;
    if (entry.partPath === layout.layerPart) overlayDirs.set(name, entry.figures);
    if (entry.kind === 'orphan-layers') {
      orphanEntries.push(entry);
      orphanDirs.push({
        name,
        path: displayPath(entry.path),
        ...entry.figures,
        modifiedAt: entry.modifiedAt,
      });
    }
    if (entry.kind === 'containers' && result.children !== null) {
      containerDirs.set(name, {
        figures: entry.figures,
        children: result.children.map((child) => ({
          name: displayPath(child.name),
          diskBytes: child.diskBytes,
          apparentBytes: child.apparentBytes,
          files: child.files,
        })),
      });
    }
  });

  const containers = new Map<string, ContainerDiskFacts>();
  for (const mount of metadata.mounts) {
    const writable = overlayDirs.get(mount.mountId);
    containers.set(mount.containerId, {
      writableLayer:
        writable !== undefined
          ? { directory: backend.layerDirectory(mount.mountId), figures: writable }
          : null,
      initLayer: (mount.initId !== null && overlayDirs.get(mount.initId)) || null,
      containerDir: containerDirs.get(mount.containerId) ?? null,
    });
  }
  for (const [id, containerDir] of containerDirs) {
    if (!containers.has(id))
      containers.set(id, { writableLayer: null, initLayer: null, containerDir });
  }

  orphanDirs.sort((a, b) => b.diskBytes - a.diskBytes || a.name.localeCompare(b.name));
  return {
    measuredAt: new Date().toISOString(),
    dataRoot: scan.dataRoot,
    breakdown,
    orphans: {
      dirs: orphanDirs,
      // One du over the set, not the rows added: a file hard-linked into two orphan
      // directories is in both rows and once here, as the breakdown counts it (issue #15).
      ...figuresTogether(orphanEntries),
      advice: layout.orphanAdvice,
    },
    overlayDirs,
    containers,
    warnings,
    vanishedEntries,
    mountsSkipped,
    directoriesRead,
    scan,
    full,
  };
}
