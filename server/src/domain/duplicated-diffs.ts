import type { DuplicatedDiff } from '@footprint/shared';
import { chainIds } from './layers.js';
import type { ImageLayers } from './types.js';

export interface LayerCopy {
  cacheId: string | null;
  /** Null when not measured. */
  diskBytes: number | null;
}

/**
 * The same diff (same diffId) stored under several chain IDs: the engine stores a layer per
 * chain, so one diff on two different bases is stored twice. Keeping one copy (the largest,
 * so the saving is never overstated) would save the others' bytes.
 */
export function findDuplicatedDiffs(
  images: readonly ImageLayers[],
  layerCopy: (chainId: string) => LayerCopy,
): DuplicatedDiff[] {
  const byDiff = new Map<string, Map<string, Set<string>>>();
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

  const duplicated: DuplicatedDiff[] = [];
  for (const [diffId, copies] of byDiff) {
    if (copies.size < 2) continue;
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
