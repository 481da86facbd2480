import type { PruneItem } from '@footprint/shared';
import { imageName, isDangling, isStopped } from './prune-plan.js';
import { itemKey, type PrunePlan, type PruneSnapshot } from './prune-types.js';

/*
 * A confirmed prune checks each previewed item again. An item the new plan (restricted to the
 * preview) still holds is removed; any other is reported, with what changed, never removed.
 */

export type Recheck =
  | { outcome: 'remove'; bytes: number }
  | { outcome: 'gone'; message: string }
  | { outcome: 'skipped'; message: string };

export function recheckItem(item: PruneItem, snapshot: PruneSnapshot, plan: PrunePlan): Recheck {
  const planned = plan.items.find((candidate) => itemKey(candidate) === itemKey(item));
  if (planned !== undefined) return { outcome: 'remove', bytes: planned.bytes };
  const removing = new Set(plan.items.map(itemKey));
  const staying = snapshot.containers.filter(
    (c) => !removing.has(itemKey({ kind: 'container', id: c.id })),
  );
  const usedBy = (ids: string[]) => {
    const holders = staying.filter((c) => ids.includes(c.id));
    return holders.map((c) => `${c.name || c.id.slice(0, 12)} (${c.state})`).join(', ');
  };
  const gone = { outcome: 'gone' as const, message: 'Already removed since the preview.' };
  const filters = 'No longer matches the prune’s kinds or filters.';

  switch (item.kind) {
    case 'container': {
      const container = snapshot.containers.find((c) => c.id === item.id);
      if (container === undefined) return gone;
      if (!isStopped(container)) {
        return { outcome: 'skipped', message: `The container is ${container.state} now.` };
      }
      return { outcome: 'skipped', message: filters };
    }
    case 'image': {
      const image = snapshot.images.find((i) => i.id === item.id);
      if (image === undefined) return gone;
      const users = usedBy(staying.filter((c) => c.imageId === image.id).map((c) => c.id));
      if (users !== '') {
        return { outcome: 'skipped', message: `Kept: now used by container ${users}.` };
      }
      if (item.reason === 'dangling-images' && !isDangling(image)) {
        return { outcome: 'skipped', message: `Kept: now tagged ${imageName(image)}.` };
      }
      const child = snapshot.images.find(
        (i) => i.parentId === image.id && !removing.has(itemKey({ kind: 'image', id: i.id })),
      );
      if (child !== undefined) {
        return { outcome: 'skipped', message: `Kept: image ${child.id} now builds on it.` };
      }
      return { outcome: 'skipped', message: filters };
    }
    case 'volume': {
      const volume = snapshot.volumes.find((v) => v.name === item.id);
      if (volume === undefined) return gone;
      const users = usedBy(
        staying.filter((c) => c.volumeNames.includes(volume.name)).map((c) => c.id),
      );
      if (users !== '') {
        return { outcome: 'skipped', message: `Kept: now used by container ${users}.` };
      }
      return { outcome: 'skipped', message: filters };
    }
    case 'build-cache': {
      const record = snapshot.buildCache.find((r) => r.id === item.id);
      if (record === undefined) return gone;
      if (record.inUse) return { outcome: 'skipped', message: 'Kept: a build is using it now.' };
      return { outcome: 'skipped', message: filters };
    }
  }
}
