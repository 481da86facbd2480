import { chainIds } from './layers.js';
import type { ImageLayers } from './types.js';

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
