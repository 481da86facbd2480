import type { PruneKind } from '@footprint/shared';
import { isIdleFor } from './last-use.js';
import { createdBefore, matchesLabels } from './prune-filters.js';
import {
  itemKey,
  type PlannedItem,
  type PruneBuildRecord,
  type PruneContainer,
  type PruneCriteria,
  type PruneImage,
  type PrunePlan,
  type PruneSnapshot,
} from './prune-types.js';

/*
 * What a prune removes and exactly how many bytes come back, from the layer graph: a layer is
 * freed only when no image and no container left afterwards uses it. Containers go first (so
 * images only they used become unused, as `docker system prune` does), then images (children
 * before parents), volumes, build cache.
 */

/** moby: a container is pruned unless it is running (paused and restarting count as running). */
export function isStopped(container: PruneContainer): boolean {
  return ['created', 'exited', 'dead'].includes(container.state);
}

/** No tag and no digest: the engine's `dangling=true`. */
export function isDangling(image: PruneImage): boolean {
  return image.repoTags.length === 0 && image.repoDigests.length === 0;
}

export function imageName(image: PruneImage): string {
  return image.repoTags.join(', ') || image.repoDigests.join(', ');
}

/** Adds to a key's list in place: a base image of 2,000 children is no quadratic copy. */
function appendTo(lists: Map<string, string[]>, key: string, value: string): void {
  const list = lists.get(key);
  if (list === undefined) lists.set(key, [value]);
  else list.push(value);
}

/** What an untagged parent that goes with an image is called: after that image. */
function parentName(image: PruneImage): string {
  return `build parent of ${imageName(image) || image.id.replace(/^sha256:/, '').slice(0, 12)}`;
}

/** Which selected kind takes this unused image, most specific first; null when none. */
function imageReason(image: PruneImage, criteria: PruneCriteria): PruneKind | null {
  const { kinds } = criteria;
  if (kinds.has('dangling-images') && isDangling(image)) return 'dangling-images';
  if (
    kinds.has('unused-for-days') &&
    criteria.unusedForDays !== null &&
    // Callers pass only images no remaining container uses: 0 containers here.
    isIdleFor(image.idleSince, 0, criteria.unusedForDays, criteria.now)
  ) {
    return 'unused-for-days';
  }
  if (kinds.has('unused-images')) return 'unused-images';
  return null;
}

/**
 * The plan. `allowed` restricts it to items of an earlier preview (by itemKey): when a prune is
 * confirmed, nothing outside the preview may be removed, nor counted as gone.
 */
export function planPrune(
  snapshot: PruneSnapshot,
  criteria: PruneCriteria,
  allowed: ReadonlySet<string> | null = null,
): PrunePlan {
  const permitted = (kind: PlannedItem['kind'], id: string) =>
    allowed === null || allowed.has(itemKey({ kind, id }));
  const filtersMatch = (created: string | null, labels: Record<string, string>) =>
    createdBefore(created, criteria.until) &&
    matchesLabels(labels, criteria.label, criteria.notLabel);

  const containers = criteria.kinds.has('stopped-containers')
    ? snapshot.containers.filter(
        (c) => isStopped(c) && filtersMatch(c.created, c.labels) && permitted('container', c.id),
      )
    : [];
  const removedContainers = new Set(containers.map((c) => c.id));
  const remainingContainers = snapshot.containers.filter((c) => !removedContainers.has(c.id));

  const images = selectImages(
    snapshot,
    criteria,
    remainingContainers,
    (image) => filtersMatch(image.created, image.labels) && permitted('image', image.id),
    (image) => permitted('image', image.id),
  );
  const imageItems = imageBytes(snapshot, images, remainingContainers);

  const mounted = new Set(remainingContainers.flatMap((c) => c.volumeNames));
  const volumes = snapshot.volumes.filter((v) => {
    const kind = v.anonymous ? 'anonymous-volumes' : 'named-volumes';
    return (
      criteria.kinds.has(kind) &&
      !mounted.has(v.name) &&
      filtersMatch(v.created, v.labels) &&
      permitted('volume', v.name)
    );
  });

  const records = criteria.kinds.has('build-cache')
    ? selectBuildRecords(
        snapshot,
        (r) =>
          !r.inUse &&
          createdBefore(r.lastUsed ?? r.created, criteria.until) &&
          permitted('build-cache', r.id),
      )
    : [];

  const items: PlannedItem[] = [
    ...containers.map((c) => ({
      kind: 'container' as const,
      id: c.id,
      name: c.name,
      reason: 'stopped-containers' as const,
      bytes: c.sizeRw,
      bytesKnown: true,
    })),
    ...imageItems.items,
    ...volumes.map((v) => ({
      kind: 'volume' as const,
      id: v.name,
      name: v.name,
      reason: v.anonymous ? ('anonymous-volumes' as const) : ('named-volumes' as const),
      bytes: Math.max(v.size, 0),
      bytesKnown: v.size >= 0,
    })),
    ...records.map((r) => ({
      kind: 'build-cache' as const,
      id: r.id,
      name: r.description,
      reason: 'build-cache' as const,
      // A shared record's data is an image layer's too: removing the record frees nothing.
      bytes: r.shared ? 0 : r.size,
      bytesKnown: true,
    })),
  ];
  return {
    items,
    totalBytes: items.reduce((sum, item) => sum + item.bytes, 0),
    unsizedLayers: imageItems.unsizedLayers,
    freedChains: imageItems.freedChains,
  };
}

/**
 * Exactly these images removed by ID, in this order, as a single removal does it (noprune:
 * their untagged parents stay and keep their layers): what each frees, counted as a prune counts
 * it. IDs not in the snapshot are left out.
 */
export function planImageRemoval(snapshot: PruneSnapshot, ids: readonly string[]): PrunePlan {
  const byId = new Map(snapshot.images.map((image) => [image.id, image]));
  const selected = ids.flatMap((id) => {
    const image = byId.get(id);
    // The reason is a prune's; a removal chosen by hand has none to show.
    return image !== undefined ? [{ image, reason: 'unused-images' as const }] : [];
  });
  const imageItems = imageBytes(snapshot, selected, snapshot.containers);
  return {
    items: imageItems.items,
    totalBytes: imageItems.items.reduce((sum, item) => sum + item.bytes, 0),
    unsizedLayers: imageItems.unsizedLayers,
    freedChains: imageItems.freedChains,
  };
}

interface SelectedImage {
  image: PruneImage;
  reason: PruneKind;
  /** Set for an untagged parent that goes with its last child: the image whose removal takes it. */
  parentOf?: PruneImage;
}

/**
 * Unused images that qualify, children before parents; an image with a child left stays. As
 * the engine's own prune (moby daemon/images/image_prune.go), an untagged image with children
 * (a legacy-builder step) is never a candidate itself: it goes with its last child (below).
 */
function selectImages(
  snapshot: PruneSnapshot,
  criteria: PruneCriteria,
  remainingContainers: PruneContainer[],
  eligible: (image: PruneImage) => boolean,
  /** Whether a parent may go along (at confirm: it was in the preview); filters do not apply. */
  parentAllowed: (image: PruneImage) => boolean,
): SelectedImage[] {
  const used = new Set(remainingContainers.map((c) => c.imageId));
  const byId = new Map(snapshot.images.map((image) => [image.id, image]));
  const children = new Map<string, string[]>();
  for (const image of snapshot.images) {
    if (image.parentId !== null) appendTo(children, image.parentId, image.id);
  }
  const selected = new Map<string, SelectedImage>();
  for (const image of snapshot.images) {
    if (used.has(image.id) || !eligible(image)) continue;
    if (isDangling(image) && children.has(image.id)) continue;
    const reason = imageReason(image, criteria);
    if (reason !== null) selected.set(image.id, { image, reason });
  }
  // Drop images whose child stays, until nothing changes (a dropped child keeps its parent).
  for (let changed = true; changed;) {
    changed = false;
    for (const image of snapshot.images) {
      if (image.parentId === null || selected.has(image.id) || !selected.has(image.parentId)) {
        continue;
      }
      selected.delete(image.parentId);
      changed = true;
    }
  }
  // The parents the engine prunes along with an image it removes (moby image_delete.go: a
  // parent left with no tag, no digest, no child and no container goes too, up the chain).
  // Removal here passes noprune, so each is an item of its own: previewed, counted, removed
  // by ID after its children. Without them a prune of legacy-builder images left new dangling
  // parents and freed less than it promised.
  for (const { image, reason } of [...selected.values()]) {
    for (let parent = byId.get(image.parentId ?? ''); parent !== undefined;) {
      if (
        selected.has(parent.id) ||
        !isDangling(parent) ||
        used.has(parent.id) ||
        !parentAllowed(parent) ||
        !(children.get(parent.id) ?? []).every((id) => selected.has(id))
      ) {
        break;
      }
      selected.set(parent.id, { image: parent, reason, parentOf: image });
      parent = byId.get(parent.parentId ?? '');
    }
  }
  // Children first: an image's depth is how many selected ancestors it has.
  const depth = (image: PruneImage): number => {
    let count = 0;
    for (let p = image.parentId; p !== null && selected.has(p); count++) {
      p = selected.get(p)?.image.parentId ?? null;
    }
    return count;
  };
  return [...selected.values()].sort((a, b) => depth(b.image) - depth(a.image));
}

/**
 * Build cache records that qualify, children before parents. BuildKit keeps a record that a
 * child still holds, and reports it kept: removing a parent first took a second prune for it.
 * A record whose child stays is not listed; the others go leaves first.
 */
function selectBuildRecords(
  snapshot: PruneSnapshot,
  eligible: (record: PruneBuildRecord) => boolean,
): PruneBuildRecord[] {
  const selected = new Map(
    snapshot.buildCache.filter(eligible).map((record) => [record.id, record]),
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const record of snapshot.buildCache) {
      if (selected.has(record.id)) continue;
      for (const parent of record.parents) changed = selected.delete(parent) || changed;
    }
  }
  // A record's height: the longest way down to a selected record with no selected child.
  const childrenOf = new Map<string, string[]>();
  for (const record of selected.values()) {
    for (const parent of record.parents) {
      if (selected.has(parent)) appendTo(childrenOf, parent, record.id);
    }
  }
  const heights = new Map<string, number>();
  const height = (id: string, seen: Set<string>): number => {
    const known = heights.get(id);
    if (known !== undefined) return known;
    // A cycle is no graph BuildKit makes; cut it rather than loop.
    if (seen.has(id)) return 0;
    seen.add(id);
    const below = (childrenOf.get(id) ?? []).map((child) => height(child, seen) + 1);
    const value = Math.max(0, ...below);
    heights.set(id, value);
    return value;
  };
  const records = [...selected.values()];
  for (const record of records) height(record.id, new Set());
  // Stable: records of one height keep the engine's order.
  return records.sort((a, b) => (heights.get(a.id) ?? 0) - (heights.get(b.id) ?? 0));
}

/**
 * Each removed image's bytes: the layers it holds that nothing left afterwards holds. A layer
 * several removed images share counts once, with the last of them in removal order (that is
 * the removal that frees it).
 */
function imageBytes(
  snapshot: PruneSnapshot,
  selected: SelectedImage[],
  remainingContainers: PruneContainer[],
): { items: PlannedItem[]; unsizedLayers: string[]; freedChains: Map<string, string[]> } {
  const removed = new Set(selected.map(({ image }) => image.id));
  const kept = new Set<string>();
  const byId = new Map(snapshot.images.map((image) => [image.id, image]));
  for (const image of snapshot.images) {
    if (!removed.has(image.id)) for (const chain of image.chainIds) kept.add(chain);
  }
  for (const container of remainingContainers) {
    for (const chain of byId.get(container.imageId)?.chainIds ?? []) kept.add(chain);
  }
  const lastHolder = new Map<string, string>();
  for (const { image } of selected) {
    for (const chain of image.chainIds) if (!kept.has(chain)) lastHolder.set(chain, image.id);
  }
  const unsizedLayers: string[] = [];
  const bytesOf = new Map<string, number>();
  const freedChains = new Map<string, string[]>();
  for (const [chain, imageId] of lastHolder) {
    const size = snapshot.layerSizes.get(chain);
    if (size === undefined) unsizedLayers.push(chain);
    bytesOf.set(imageId, (bytesOf.get(imageId) ?? 0) + (size ?? 0));
    appendTo(freedChains, imageId, chain);
  }
  return {
    items: selected.map(({ image, reason, parentOf }) => ({
      kind: 'image',
      id: image.id,
      name: parentOf !== undefined ? parentName(parentOf) : imageName(image),
      reason,
      bytes: bytesOf.get(image.id) ?? 0,
      bytesKnown: true,
    })),
    unsizedLayers,
    freedChains,
  };
}
