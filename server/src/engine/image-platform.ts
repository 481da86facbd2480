import { NotFoundError } from '../errors.js';
import type { Engine } from './engine.js';

/** An image's platform as its config records it (Engine API GET /images/{id}/json). */
export interface ImagePlatform {
  os: string;
  architecture: string;
  variant?: string;
}

interface RawPlatformFacts {
  Os?: string;
  Architecture?: string;
  Variant?: string;
}

/**
 * The platform of a local image: the one whose manifest an update check must pick in a tag's
 * index (an image pulled with --platform linux/arm64 on an amd64 engine is followed as arm64).
 * Null when the engine does not record one (images imported from a bare tarball).
 */
export async function imagePlatform(engine: Engine, id: string): Promise<ImagePlatform | null> {
  const raw = (await engine.client.call(
    (docker) => docker.getImage(id).inspect() as Promise<RawPlatformFacts>,
    new NotFoundError('IMAGE_NOT_FOUND', `No image "${id}" on this engine.`),
  )) as RawPlatformFacts;
  if (!raw.Os || !raw.Architecture) return null;
  return raw.Variant
    ? { os: raw.Os, architecture: raw.Architecture, variant: raw.Variant }
    : { os: raw.Os, architecture: raw.Architecture };
}
