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
      if (!node.images.includes(image.id)) node.images.push(image.id);
      if (index === chain.length - 1 && !node.topOf.includes(image.id)) node.topOf.push(image.id);
    });
  }
  // A child's chain always comes after its parent's in the image that made it: insertion order
  // is parents first already.
  return [...nodes.values()];
}
