import type { DuplicatedDiff } from '@footprint/shared';
import { chainIds } from './layers.js';
import type { ImageLayers } from './types.js';

export interface LayerCopy {
  cacheId: string | null;
  /** Null when not measured. */
  diskBytes: number | null;
}

/** For each diff stored under several chains: the image IDs holding each chain. */
export type CopiesByDiff = Map<string, Map<string, Set<string>>>;

/** Which diffs are stored under several chains: depends on the images alone. */
export function duplicatedCopies(images: readonly ImageLayers[]): CopiesByDiff {
  const byDiff: CopiesByDiff = new Map();
  for (const image of images) {
    const chain = chainIds(image.diffIds);
    image.diffIds.forEach((diffId, index) => {
      const chainId = chain[index] as string;
      const copies = byDiff.get(diffId) ?? new Map<string, Set<string>>();
      byDiff.set(diffId, copies);
      const holders = copies.get(chainId) ?? new Set<string>();
      copies.set(chainId, holders);
      holders.add(image.id);
    });
  }
  for (const [diffId, copies] of byDiff) if (copies.size < 2) byDiff.delete(diffId);
  return byDiff;
}

/**
 * The same diff (same diffId) stored under several chain IDs: the engine stores a layer per
 * chain, so one diff on two different bases is stored twice. Keeping one copy (the largest,
 * so the saving is never overstated) would save the others' bytes. `copies` may come from an
 * earlier duplicatedCopies of the same images.
 */
export function findDuplicatedDiffs(
  images: readonly ImageLayers[],
  layerCopy: (chainId: string) => LayerCopy,
  byDiff: CopiesByDiff = duplicatedCopies(images),
): DuplicatedDiff[] {
  const duplicated: DuplicatedDiff[] = [];
  for (const [diffId, copies] of byDiff) {
    const list = [...copies].map(([chainId, holders]) => ({
      chainId,
      ...layerCopy(chainId),
      images: [...holders].sort(),
    }));
    const sizes = list.map((copy) => copy.diskBytes);
    const measured = sizes.every((bytes): bytes is number => bytes !== null);
    const extraDiskBytes = measured
      ? sizes.reduce((total, bytes) => total + bytes, 0) - Math.max(...sizes)
      : null;
    const images = [...new Set(list.flatMap((copy) => copy.images))].sort();
    duplicated.push({ diffId, copies: list, extraDiskBytes, images });
  }
  return duplicated.sort(
    (a, b) => (b.extraDiskBytes ?? 0) - (a.extraDiskBytes ?? 0) || a.diffId.localeCompare(b.diffId),
  );
}
