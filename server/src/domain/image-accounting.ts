import type { EngineImage } from './types.js';

/*
 * The image half of /system/df, worked out the way the engine works it out (moby 20.10–28,
 * daemon/images/images.go, graph-driver image store), from cheaper calls: the image list
 * (GET /images/json, the same listing df makes, with the same Size), the containers' image IDs
 * (GET /containers/json?all=1) and each layer's diff size (layerdb/<chain>/size, the figure the
 * engine's layer store loaded from that file). df walks every container layer and volume too,
 * which at 2,000 images makes it several times slower than the image half needs.
 * - containers: the containers (any state) whose image ID is the image's;
 * - sharedSize: the diff sizes of the image's chains that another listed image also has.
 */

export interface ListedImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: string;
  /** The engine's own Size for the image (the sum of its chains' diff sizes). */
  size: number;
  /** Chain IDs, bottom first. */
  chainIds: readonly string[];
}

export function accountImages(
  images: readonly ListedImage[],
  diffSizeOf: (chainId: string) => number,
  containerImageIds: readonly string[],
): EngineImage[] {
  const references = new Map<string, number>();
  for (const image of images) {
    for (const chainId of image.chainIds) {
      references.set(chainId, (references.get(chainId) ?? 0) + 1);
    }
  }
  const containers = new Map<string, number>();
  for (const imageId of containerImageIds) {
    containers.set(imageId, (containers.get(imageId) ?? 0) + 1);
  }
  return images.map((image) => ({
    id: image.id,
    repoTags: image.repoTags,
    repoDigests: image.repoDigests,
    created: image.created,
    containers: containers.get(image.id) ?? 0,
    size: image.size,
    sharedSize: image.chainIds.reduce(
      (shared, chainId) =>
        (references.get(chainId) ?? 0) > 1 ? shared + diffSizeOf(chainId) : shared,
      0,
    ),
  }));
}
