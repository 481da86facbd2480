import { removedPaths } from '../../../domain/prune-disk.js';
import type { PrunePlan } from '../../../domain/prune-types.js';
import type { BulkReader } from '../../bulk-read/bulk-read.js';
import type { RemovalLookups } from '../storage-backend.js';
import { readLayerLinks } from './layer-links.js';

/**
 * The paths under an overlay2 data root removing each planned item frees (domain/prune-disk.ts
 * names them): its layer directories with their short links in l/, read now, and its records.
 */
export async function overlay2RemovalPaths(
  reader: BulkReader,
  dataRoot: string,
  driver: string,
  plan: Pick<PrunePlan, 'items' | 'freedChains'>,
  lookups: RemovalLookups,
): Promise<(string[] | null)[]> {
  const overlayRoot = `${dataRoot}/${driver}`;
  // Every layer directory the items name, for their short links.
  const cacheIds = new Set<string>();
  for (const item of plan.items) {
    if (item.kind === 'image') {
      for (const chain of plan.freedChains.get(item.id) ?? []) {
        const cacheId = lookups.cacheIdOf(chain);
        if (cacheId !== null) cacheIds.add(cacheId);
      }
    } else if (item.kind === 'container') {
      const mounts = lookups.mountsOf(item.id);
      if (mounts !== null) cacheIds.add(mounts.mountId);
      if (mounts?.initId) cacheIds.add(mounts.initId);
    }
  }
  const names = [...cacheIds];
  const links = new Map(
    (await readLayerLinks(reader, overlayRoot, names)).map((link, index) => [
      names[index] as string,
      link,
    ]),
  );
  const layout = {
    driver,
    cacheIdOf: (chainId: string) => lookups.cacheIdOf(chainId),
    linkOf: (cacheId: string) => links.get(cacheId) ?? null,
    mountsOf: (containerId: string) => lookups.mountsOf(containerId),
  };
  return plan.items.map((item) => removedPaths(item, plan.freedChains.get(item.id) ?? [], layout));
}
