import type { Readable } from 'node:stream';
import { isFullImageId } from '@footprint/shared';
import type { Engine } from '../engine/engine.js';
import { saveImage } from '../engine/one-object-actions.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.js';
import { parseTag } from './image-tagging.js';

/*
 * `docker save` of one image for download: the engine's tar stream (GET /images/{name}/get)
 * passed through as it comes, never held in memory. Saved by ID the archive restores the image
 * with the same ID but no name; saved under one of its tags, `docker load` restores the tag too.
 */

export interface ImageArchive {
  stream: Readable;
  /** Safe in a Content-Disposition header: letters, digits, ".", "_" and "-" only. */
  fileName: string;
}

/** A file name from a reference or ID that no header, shell or file system reads specially. */
export function archiveFileName(id: string, tag: string | null): string {
  const base =
    tag === null
      ? `image-${id.replace(/^sha256:/, '').slice(0, 12)}`
      : tag
          .replace(/[^A-Za-z0-9._-]+/g, '_')
          .replace(/^[._-]+/, '')
          .slice(0, 120);
  return `${base || 'image'}.tar`;
}

export async function openImageArchive(
  engine: Engine,
  id: string,
  tag: string | null,
): Promise<ImageArchive> {
  if (!isFullImageId(id)) {
    throw new BadRequestError(
      'FULL_IMAGE_ID_REQUIRED',
      'Images are saved by their full ID ("sha256:" and 64 hex digits) as listed.',
    );
  }
  const image = await engine.inspectImage(id);
  let name = id;
  if (tag !== null) {
    const { repo, tag: version } = parseTag(tag);
    name = `${repo}:${version}`;
    // Checked right before the engine reads it: the tar must hold the image the person chose.
    const target = await engine.inspectImage(name).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (target?.id !== image.id) {
      throw new ConflictError(
        'TAG_NOT_ON_IMAGE',
        `${name} does not point at image ${id.slice(7, 19)} (any more): nothing was saved. ` +
          'List the images again.',
      );
    }
  }
  const stream = await saveImage(engine.client, name);
  return { stream, fileName: archiveFileName(id, tag === null ? null : name) };
}
