import type { ImageSummary, LayerList } from '@footprint/shared';

/**
 * Each image's layer directories on disk, added up (as `du` per layer dir; hard links shared
 * between layers count in each), from the layer list: every layer names the images holding it.
 * Null for an image when any of its layers is not measured. An image no layer names has no
 * layers when the engine gives it 0 bytes (0 on disk too); otherwise the layer list is from
 * before the image came (the two lists are fetched apart): null until it catches up.
 */
export function imageDiskBytes(
  images: readonly ImageSummary[],
  list: LayerList,
): Map<string, number | null> {
  const totals = new Map<string, number | null>();
  for (const layer of list.layers) {
    for (const id of layer.images) {
      const total = totals.get(id);
      if (total === null) continue;
      totals.set(id, layer.diskBytes === null ? null : (total ?? 0) + layer.diskBytes);
    }
  }
  const result = new Map<string, number | null>();
  for (const image of images) {
    const total = totals.get(image.id);
    result.set(image.id, total !== undefined ? total : image.size === 0 ? 0 : null);
  }
  return result;
}
