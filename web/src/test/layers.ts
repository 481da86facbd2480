import type { LayerList, LayerNode } from '@footprint/shared';
import { hexId } from './fixtures';

/** A layer for tests: chain ID from one hex digit, diff ID the same, images by ID. */
export function layer(
  digit: string,
  parent: string | null,
  size: number | null,
  images: string[],
  topOf: string[] = [],
  diskBytes: number | null = null,
): LayerNode {
  return {
    chainId: hexId(digit),
    diffId: hexId(digit),
    parentChainId: parent === null ? null : hexId(parent),
    cacheId: null,
    size,
    diskBytes,
    images,
    topOf,
  };
}

export function layerList(layers: LayerNode[]): LayerList {
  return {
    layers,
    layerMetadata: { readable: true, message: null },
    measured: layers.every((node) => node.diskBytes !== null),
    notMeasuredReason: null,
  };
}
