import { chainIds } from './layers.js';
import type { ImageLayers } from './types.js';

/** One layer (chain) and the images above it, before sizes are added. */
export interface ChainNode {
  chainId: string;
  diffId: string;
  parentChainId: string | null;
  /** Images whose chain holds this layer, in the order the images come. */
  images: string[];
  /** Images whose top layer this is. */
  topOf: string[];
}

/**
 * Every chain of every image, once, parents before children: the forest of shared chains
 * (a base layer at a root, images at the leaves). Chain IDs come from diff IDs (OCI image spec).
 */
export function chainNodes(images: readonly ImageLayers[]): ChainNode[] {
  const nodes = new Map<string, ChainNode>();
  for (const image of images) {
    const chain = chainIds(image.diffIds);
    chain.forEach((chainId, index) => {
      let node = nodes.get(chainId);
      if (node === undefined) {
        node = {
          chainId,
          diffId: image.diffIds[index] as string,
          parentChainId: index === 0 ? null : (chain[index - 1] as string),
          images: [],
          topOf: [],
        };
        nodes.set(chainId, node);
      }
      // A chain holds each chain ID once, and an image's chain is walked in one go: the image
      // is new to this node unless it was the last one added (a search of the list made a
      // base layer under 2,000 images cost 2,000,000 comparisons).
      if (node.images.at(-1) !== image.id) node.images.push(image.id);
      if (index === chain.length - 1 && node.topOf.at(-1) !== image.id) node.topOf.push(image.id);
    });
  }
  // A child's chain always comes after its parent's in the image that made it: insertion order
  // is parents first already.
  return [...nodes.values()];
}
