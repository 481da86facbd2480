import type { LayerNode } from '@footprint/shared';

export interface LayerBytes {
  /** Engine bytes (layerdb size) of the layers counted. */
  bytes: number;
  /** Layers counted whose size the engine did not give: `bytes` is then a lower bound. */
  unknownLayers: number;
  layers: number;
}

/**
 * The layers that only images in `ids` hold, i.e. what removing exactly those images frees, in
 * the engine's layer sizes. A layer shared with any image outside the set stays.
 */
export function bytesOnlyIn(ids: ReadonlySet<string>, layers: readonly LayerNode[]): LayerBytes {
  const result: LayerBytes = { bytes: 0, unknownLayers: 0, layers: 0 };
  if (ids.size === 0) return result;
  for (const layer of layers) {
    if (!layer.images.every((image) => ids.has(image))) continue;
    result.layers++;
    if (layer.size === null) result.unknownLayers++;
    else result.bytes += layer.size;
  }
  return result;
}

/** Every layer that any image in `ids` holds, each once: the bytes those images take together. */
export function bytesOfUnion(ids: ReadonlySet<string>, layers: readonly LayerNode[]): LayerBytes {
  const result: LayerBytes = { bytes: 0, unknownLayers: 0, layers: 0 };
  for (const layer of layers) {
    if (!layer.images.some((image) => ids.has(image))) continue;
    result.layers++;
    if (layer.size === null) result.unknownLayers++;
    else result.bytes += layer.size;
  }
  return result;
}
