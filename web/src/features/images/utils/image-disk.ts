import type { ImageSummary, LayerList } from '@footprint/shared';

/**
 * Each image's layer directories on disk, added up (as `du` per layer dir; hard links shared
 * between layers count in each). Null for an image when any of its layers is not measured.
 */
export function imageDiskBytes(
  images: readonly ImageSummary[],
  list: LayerList,
): Map<string, number | null> {
  const disk = new Map(list.layers.map((layer) => [layer.chainId, layer.diskBytes]));
  const result = new Map<string, number | null>();
  for (const image of images) {
    let total: number | null = 0;
    for (const chainId of image.layers) {
      const bytes = disk.get(chainId);
      if (bytes === undefined || bytes === null) {
        total = null;
        break;
      }
      total += bytes;
    }
    result.set(image.id, total);
  }
  return result;
}
