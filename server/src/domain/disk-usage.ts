import type { DiskCategory, EngineDiskUsage } from '@footprint/shared';
import type { DiskUsageSnapshot, EngineContainer } from './types.js';

/*
 * The four rows of `docker system df`, computed exactly as the docker CLI computes them from
 * /system/df (docker/cli cli/command/formatter/disk_usage.go, API ≤ 1.51), in exact bytes.
 */

function isActiveContainer(container: EngineContainer): boolean {
  return ['running', 'paused', 'restarting'].some((state) => container.state.includes(state));
}

export function summarizeDiskUsage(
  snapshot: DiskUsageSnapshot,
  engineMeasuredAt: string,
): EngineDiskUsage {
  return {
    source: 'engine',
    engineMeasuredAt,
    images: imagesRow(snapshot),
    containers: containersRow(snapshot),
    volumes: volumesRow(snapshot),
    buildCache: buildCacheRow(snapshot),
  };
}

function imagesRow({ layersSize, images }: DiskUsageSnapshot): DiskCategory {
  let inUseUniqueBytes = 0;
  let active = 0;
  for (const image of images) {
    if (image.containers === 0) continue;
    active++;
    if (image.size !== -1 && image.sharedSize !== -1) {
      inUseUniqueBytes += image.size - image.sharedSize;
    }
  }
  return {
    count: images.length,
    active,
    totalBytes: layersSize,
    reclaimableBytes: layersSize - inUseUniqueBytes,
  };
}

function containersRow({ containers }: DiskUsageSnapshot): DiskCategory {
  let totalBytes = 0;
  let reclaimableBytes = 0;
  let active = 0;
  for (const container of containers) {
    // The CLI reads an absent SizeRw as 0.
    const sizeRw = container.sizeRw ?? 0;
    totalBytes += sizeRw;
    if (isActiveContainer(container)) active++;
    else reclaimableBytes += sizeRw;
  }
  return { count: containers.length, active, totalBytes, reclaimableBytes };
}

function volumesRow({ volumes }: DiskUsageSnapshot): DiskCategory {
  let totalBytes = 0;
  let reclaimableBytes = 0;
  let active = 0;
  for (const volume of volumes) {
    if (volume.refCount > 0) active++;
    if (volume.size === -1) continue;
    totalBytes += volume.size;
    if (volume.refCount === 0) reclaimableBytes += volume.size;
  }
  return { count: volumes.length, active, totalBytes, reclaimableBytes };
}

function buildCacheRow({ buildCache }: DiskUsageSnapshot): DiskCategory {
  let totalBytes = 0;
  let inUseBytes = 0;
  let active = 0;
  for (const record of buildCache) {
    if (record.inUse) active++;
    if (record.shared) continue;
    totalBytes += record.size;
    if (record.inUse) inUseBytes += record.size;
  }
  return {
    count: buildCache.length,
    active,
    totalBytes,
    reclaimableBytes: totalBytes - inUseBytes,
  };
}
