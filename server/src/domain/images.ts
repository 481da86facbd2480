import type { ImageSummary } from '@footprint/shared';
import type { EngineImage } from './types.js';

/**
 * An image row: the engine's figures as /system/df reports them. Its layers are not listed here
 * (GET /api/layers names the images holding each layer, GET /api/images/:id lists them): at
 * 2,000 images the chain IDs were most of the list's bytes.
 */
export function toImageSummary(image: EngineImage, lastUsed: string | null = null): ImageSummary {
  return {
    id: image.id,
    repoTags: image.repoTags,
    repoDigests: image.repoDigests,
    created: image.created,
    dangling: image.repoTags.length === 0,
    containers: image.containers,
    size: image.size,
    sharedSize: image.sharedSize,
    // The unique size as `docker system df -v` prints it: size − shared size.
    uniqueSize: image.size - image.sharedSize,
    lastUsed,
  };
}
