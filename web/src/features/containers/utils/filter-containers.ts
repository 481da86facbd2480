import type { ContainerDisk } from '@footprint/shared';

export type ContainerFilter = 'all' | 'running' | 'stopped';

/** Running, paused and restarting containers hold their writable layer mounted. */
const activeStates = new Set(['running', 'paused', 'restarting']);

export function isStopped(container: ContainerDisk): boolean {
  return !activeStates.has(container.state);
}

export function filterContainers(
  containers: readonly ContainerDisk[],
  filter: string,
): ContainerDisk[] {
  if (filter === 'running') return containers.filter((container) => !isStopped(container));
  if (filter === 'stopped') return containers.filter(isStopped);
  return [...containers];
}

/** A container's writable layer and its -init layer on disk, as a row and the totals show it. */
export function writableDiskBytes(container: ContainerDisk): number | null {
  const layer = container.writableLayer;
  return layer === null ? null : layer.diskBytes + layer.initDiskBytes;
}

export interface ContainerTotals {
  /** Σ SizeRw (engine); containers without the figure are left out. */
  engineBytes: number;
  /** Σ writable layer + init layer on disk; null when one is not measured. */
  writableDiskBytes: number | null;
  /** Σ log files on disk; null when one is not measured. */
  logDiskBytes: number | null;
}

export function containerTotals(containers: readonly ContainerDisk[]): ContainerTotals {
  let engineBytes = 0;
  let writable: number | null = 0;
  let logs: number | null = 0;
  for (const container of containers) {
    engineBytes += container.sizeRw ?? 0;
    const own = writableDiskBytes(container);
    writable = writable === null || own === null ? null : writable + own;
    logs = logs === null || container.logs === null ? null : logs + container.logs.diskBytes;
  }
  return { engineBytes, writableDiskBytes: writable, logDiskBytes: logs };
}
