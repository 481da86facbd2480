import type { ImageSummary } from '@footprint/shared';
import { chainIds } from './layers.js';
import type { EngineImage } from './types.js';

/** An image row: the engine's figures as /system/df reports them, and its chain IDs. */
export function toImageSummary(
  image: EngineImage,
  diffIds: readonly string[],
  lastUsed: string | null = null,
): ImageSummary {
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
    layers: chainIds(diffIds),
    lastUsed,
  };
}
