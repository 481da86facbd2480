import type { DiskUsageSnapshot } from '../domain/types.js';
import type { DfObjects } from '../engine/action-mappers.js';

/*
 * How one df answer compares with the one before (services/engine-snapshot.ts): what is derived
 * from its parts is kept by their identity, so an answer that lists the same keeps the same
 * arrays; and a background refresh says when figures changed without an event.
 */

/** The figures EngineSnapshot compares: one df answer and its objects. */
interface Answer {
  usage: DiskUsageSnapshot;
  objects: DfObjects;
}

/**
 * The new answer, with the previous one's images array when they list the same images with
 * the same figures: what is derived from the images (the inventory, the serialized list) is
 * kept by that array's identity, so an unchanged re-ask derives nothing again.
 */
export function sameImagesAs(
  previous: DiskUsageSnapshot | null,
  usage: DiskUsageSnapshot,
): DiskUsageSnapshot {
  if (previous === null || previous.images === usage.images) return usage;
  const same =
    previous.layersSize === usage.layersSize &&
    JSON.stringify(previous.images) === JSON.stringify(usage.images);
  return same ? { ...usage, images: previous.images } : usage;
}

/** The new answer's objects, each array the previous one where it lists the same. */
export function sameObjectsAs(previous: DfObjects | null, objects: DfObjects): DfObjects {
  if (previous === null) return objects;
  const same = <T>(a: T[], b: T[]) => (JSON.stringify(a) === JSON.stringify(b) ? a : b);
  const volumes = same(previous.volumes, objects.volumes);
  const buildCache = same(previous.buildCache, objects.buildCache);
  if (volumes === previous.volumes && buildCache === previous.buildCache) return previous;
  return { volumes, buildCache };
}

/**
 * The parts of df that change without an event: sizes, and a build record's last use (a build
 * that reuses the cache raises no event unless it tags an image).
 */
export function differs(a: Answer, b: Answer): boolean {
  const sizes = ({ usage }: Answer) =>
    JSON.stringify([
      usage.containers.map((c) => [c.id, c.sizeRw, c.state]),
      usage.volumes.map((v) => [v.name, v.size, v.refCount]),
      usage.buildCache.map((r) => [r.id, r.size, r.inUse]),
      usage.layersSize,
    ]);
  return sizes(a) !== sizes(b) || a.objects !== b.objects;
}
