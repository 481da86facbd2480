import { hash } from 'node:crypto';
import type { ImageLayers } from './types.js';

const chainsOf = new WeakMap<readonly string[], readonly string[]>();

/**
 * Chain IDs by "<parent chain ID> <diff ID>": images built on the same bases share the bottom of
 * their chains, so at 2,000 images half of the 10,000 hashes were ones already made. Bounded:
 * emptied when it holds more links than a large host has layers.
 */
const links = new Map<string, string>();
const maxLinks = 50_000;

function link(parent: string, diffId: string): string {
  const key = `${parent} ${diffId}`;
  let chainId = links.get(key);
  if (chainId === undefined) {
    if (links.size >= maxLinks) links.clear();
    // The one-shot hash: a third of createHash's time for so short an input.
    chainId = `sha256:${hash('sha256', key)}`;
    links.set(key, chainId);
  }
  return chainId;
}

/**
 * Chain IDs from diff IDs (OCI image spec, "Layer ChainID"): the bottom layer's chain ID is its
 * diff ID; each next one is sha256 of "<parent chain ID> <diff ID>". The engine stores layers
 * per chain, so the same diff on two different bases is two layers.
 *
 * Kept per diff ID array: the engine client hands out one array per image, and the image list,
 * the disk answer and the layer list all ask for every image's chain after each change (10,000
 * hashes at 2,000 images). The answer is shared: never change it.
 */
export function chainIds(diffIds: readonly string[]): readonly string[] {
  const kept = chainsOf.get(diffIds);
  if (kept !== undefined) return kept;
  const chain: string[] = [];
  for (const diffId of diffIds) {
    const parent = chain.at(-1);
    chain.push(parent === undefined ? diffId : link(parent, diffId));
  }
  chainsOf.set(diffIds, chain);
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
