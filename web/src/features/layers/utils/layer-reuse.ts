import type { LayerNode } from '@footprint/shared';

export interface ReuseRow {
  chainId: string;
  diffId: string;
  size: number | null;
  images: string[];
  /** What sharing this layer saves: size × (images − 1), the copies not stored. */
  savedBytes: number | null;
}

export interface ReuseSummary {
  /** Σ size × images: every image stored with its own copy of each layer (Σ image sizes). */
  storedAloneBytes: number;
  /** Σ size: every layer stored once, as the engine does. */
  storedSharedBytes: number;
  savedBytes: number;
  /** Layers held by two images or more. */
  sharedLayers: number;
  /** Layers without a recorded size, left out of the sums. */
  unknownLayers: number;
}

/** The layers held by the most images, biggest saving first among equals. */
export function mostSharedLayers(layers: readonly LayerNode[], limit = 20): ReuseRow[] {
  return layers
    .filter((layer) => layer.images.length >= 2)
    .map((layer) => ({
      chainId: layer.chainId,
      diffId: layer.diffId,
      size: layer.size,
      images: layer.images,
      savedBytes: layer.size === null ? null : layer.size * (layer.images.length - 1),
    }))
    .sort(
      (a, b) =>
        b.images.length - a.images.length ||
        (b.savedBytes ?? -1) - (a.savedBytes ?? -1) ||
        (a.chainId < b.chainId ? -1 : 1),
    )
    .slice(0, limit);
}

/** What sharing layers saves against storing each image alone. */
export function reuseSummary(layers: readonly LayerNode[]): ReuseSummary {
  const summary: ReuseSummary = {
    storedAloneBytes: 0,
    storedSharedBytes: 0,
    savedBytes: 0,
    sharedLayers: 0,
    unknownLayers: 0,
  };
  for (const layer of layers) {
    if (layer.images.length >= 2) summary.sharedLayers++;
    if (layer.size === null) {
      summary.unknownLayers++;
      continue;
    }
    summary.storedAloneBytes += layer.size * layer.images.length;
    summary.storedSharedBytes += layer.size;
  }
  summary.savedBytes = summary.storedAloneBytes - summary.storedSharedBytes;
  return summary;
}
