import { createHash } from 'node:crypto';
import type { ImageLayers } from './types.js';

/**
 * Chain IDs from diff IDs (OCI image spec, "Layer ChainID"): the bottom layer's chain ID is its
 * diff ID; each next one is sha256 of "<parent chain ID> <diff ID>". The engine stores layers
 * per chain, so the same diff on two different bases is two layers.
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const chain: string[] = [];
  for (const diffId of diffIds) {
    const parent = chain.at(-1);
    chain.push(
      parent === undefined
        ? diffId
        : `sha256:${createHash('sha256').update(`${parent} ${diffId}`).digest('hex')}`,
    );
  }
  return chain;
}

/** For every chain ID, the IDs of the images that contain it, in the order the images come. */
export function imagesByChain(images: readonly ImageLayers[]): Map<string, string[]> {
  const byChain = new Map<string, string[]>();
  for (const image of images) {
    for (const chainId of new Set(chainIds(image.diffIds))) {
      const holders = byChain.get(chainId);
      if (holders === undefined) byChain.set(chainId, [image.id]);
      else holders.push(image.id);
    }
  }
  return byChain;
}
