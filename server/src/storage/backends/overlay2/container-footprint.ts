import { readdir } from 'node:fs/promises';
import { isContainerLog } from '../../../domain/container-logs.js';
import { removedDiskBytes, removedPaths } from '../../../domain/prune-disk.js';
import { measurePaths } from '../../measure-paths.js';
import type { StorageWorkers } from '../../storage-workers.js';
import type { ContainerFootprint } from '../storage-backend.js';
import { readLayerLinks } from './layer-links.js';

/*
 * One container's footprint on disk, measured now (a removal preview must not show a scan's
 * figure from before the container wrote): its writable layer directory overlay2/<mount-id>
 * (the figure the containers page shows), its log files, and everything removing it takes off
 * the data root, as domain/prune-disk.ts names it for a prune. Each as `du -B1 -s`.
 */

export async function measureContainerFootprint(
  workers: StorageWorkers,
  dataRoot: string,
  driver: string,
  containerId: string,
): Promise<ContainerFootprint> {
  const mountDir = `${dataRoot}/image/${driver}/layerdb/mounts/${containerId}`;
  const [mountId, initId] = (
    await workers.bulkRead.readSmallFiles([`${mountDir}/mount-id`, `${mountDir}/init-id`])
  ).map((text) => text?.trim() || null);
  const containerDir = `${dataRoot}/containers/${containerId}`;
  const logs = (await listOrEmpty(containerDir)).filter((name) =>
    isContainerLog(containerId, name),
  );

  const layerIds = [mountId, initId].filter((id): id is string => id != null);
  const links = await readLayerLinks(workers.bulkRead, `${dataRoot}/${driver}`, layerIds);
  const linkOf = new Map(layerIds.map((id, index) => [id, links[index] ?? null]));
  const paths =
    mountId == null
      ? null
      : removedPaths({ kind: 'container', id: containerId }, [], {
          driver,
          cacheIdOf: () => null,
          linkOf: (cacheId) => linkOf.get(cacheId) ?? null,
          mountsOf: () => ({ mountId, initId: initId ?? null }),
        });

  const asked = [
    ...layerIds.map((id) => `${driver}/${id}`),
    ...logs.map((name) => `containers/${containerId}/${name}`),
    ...(paths ?? []),
  ];
  const unique = [...new Set(asked)];
  const measured = await measurePaths(
    workers.scan,
    unique.map((path) => `${dataRoot}/${path}`),
  );
  const bytesAt = new Map(unique.map((path, index) => [path, measured[index] ?? null]));
  const at = (path: string) => bytesAt.get(path) ?? null;

  const [logBytes] = removedDiskBytes(
    [logs.map((name) => `containers/${containerId}/${name}`)],
    at,
  );
  const [totalBytes] = removedDiskBytes([paths], at);
  return {
    writableLayerBytes: mountId != null ? at(`${driver}/${mountId}`) : null,
    initLayerBytes: mountId == null ? null : initId != null ? at(`${driver}/${initId}`) : 0,
    logBytes: logBytes ?? null,
    totalBytes: totalBytes ?? null,
  };
}

async function listOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
