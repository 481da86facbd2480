import type { ContainerDisk } from '@footprint/shared';
import { isContainerLog } from './container-logs.js';
import type { Figures } from './data-root-breakdown.js';
import type { EngineContainer } from './types.js';

/** A container as df lists it: the engine's own figures. */
export type EngineContainerSummary = EngineContainer;

/** What a scan measured about one container. */
export interface ContainerDiskFacts {
  /** overlay2/<mount-id> and its path; null when the container has no layer directory. */
  writableLayer: { directory: string; figures: Figures } | null;
  initLayer: Figures | null;
  /** containers/<id>/ as a whole, and each direct child (to find the logs). */
  containerDir: { figures: Figures; children: (Figures & { name: string })[] } | null;
}

/** One container's disk view: the engine's SizeRw beside the writable layer and logs on disk. */
export function toContainerDisk(
  container: EngineContainerSummary,
  facts: ContainerDiskFacts | null,
  notMeasuredReason: string | null,
): ContainerDisk {
  const logFiles =
    facts?.containerDir?.children.filter((child) => isContainerLog(container.id, child.name)) ??
    null;
  return {
    ...container,
    writableLayer:
      facts?.writableLayer != null
        ? {
            directory: facts.writableLayer.directory,
            diskBytes: facts.writableLayer.figures.diskBytes,
            apparentBytes: facts.writableLayer.figures.apparentBytes,
            initDiskBytes: facts.initLayer?.diskBytes ?? 0,
          }
        : null,
    logs:
      logFiles !== null
        ? {
            diskBytes: logFiles.reduce((total, file) => total + file.diskBytes, 0),
            apparentBytes: logFiles.reduce((total, file) => total + file.apparentBytes, 0),
            files: logFiles.map(({ name, diskBytes, apparentBytes }) => ({
              name,
              diskBytes,
              apparentBytes,
            })),
          }
        : null,
    containerDirDiskBytes: facts?.containerDir?.figures.diskBytes ?? null,
    notMeasuredReason: facts === null ? notMeasuredReason : null,
  };
}
