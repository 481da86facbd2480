import type { ImageTagging } from '@footprint/shared';
import { isImageReference } from '@footprint/shared';
import type { Engine } from '../engine/engine.js';
import { tagImage } from '../engine/one-object-actions.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.js';

/*
 * Adding a tag to an image (docker tag), by the image's full ID. The engine moves a name that
 * points at another image without a word (moby daemon/images/image_tag.go), so the server looks
 * first: such a name is moved only when the person confirmed it, after a 409 that said which
 * image loses it, and only from that image. Between that look and the engine's tagging the
 * name could still move to a third image (the Engine API has no tag-if-unchanged); the answer
 * then names the image the name was taken from as last seen.
 */

const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** "repo[:tag]" split as the engine reads it; ":latest" when no tag is given. */
export function parseTag(reference: string): { repo: string; tag: string } {
  if (
    !isImageReference(reference) ||
    /^(?:sha256:)?[0-9a-f]{4,64}$/.test(reference) ||
    reference.includes('@')
  ) {
    throw new BadRequestError(
      'INVALID_TAG',
      'Expected a tag such as "name:tag" or "registry:5000/team/name:tag": lowercase name ' +
        'parts, a tag of letters, digits, "_", "." or "-" (at most 128), no digest.',
    );
  }
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  return colon > slash
    ? { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) }
    : { repo: reference, tag: 'latest' };
}

export class ImageTagger {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly engine: Engine) {}

  tag(
    imageId: string,
    reference: string,
    move: boolean,
    expectedCurrent: string | null,
  ): Promise<ImageTagging> {
    const { repo, tag } = parseTag(reference);
    const run = this.#queue.then(() =>
      this.#tag(imageId, `${repo}:${tag}`, repo, tag, move, expectedCurrent),
    );
    this.#queue = run.catch(() => {});
    return run;
  }

  async #tag(
    imageId: string,
    name: string,
    repo: string,
    tag: string,
    move: boolean,
    expectedCurrent: string | null,
  ): Promise<ImageTagging> {
    const image = await this.engine.inspectImage(imageId);
    if (image.id !== imageId) {
      throw new NotFoundError('IMAGE_NOT_FOUND', `No image ${imageId} on this engine.`);
    }
    const current = await this.#target(name);
    if (current?.id === imageId) {
      return { id: imageId, tag: name, outcome: 'unchanged', movedFrom: null, movedFromTags: [] };
    }
    if (current !== null) {
      const keeps = current.repoTags.filter((other) => other !== name);
      const after =
        keeps.length === 0
          ? 'it has no other tag, so it would be left untagged (dangling)'
          : `it keeps ${keeps.join(', ')}`;
      if (!move) {
        throw new ConflictError(
          'TAG_ON_OTHER_IMAGE',
          `${name} points at image ${shortId(current.id)} now. Moving it takes the name from ` +
            `that image (${after}). Confirm the move to go on; nothing was changed.`,
        );
      }
      if (expectedCurrent !== current.id) {
        throw new ConflictError(
          'TAG_MOVED',
          `${name} points at image ${shortId(current.id)} now, not at ` +
            `${expectedCurrent === null ? 'the image you confirmed' : shortId(expectedCurrent)}: ` +
            'nothing was changed. Review the move again.',
        );
      }
    }
    await tagImage(this.engine.client, imageId, repo, tag);
    const now = await this.#target(name);
    if (now?.id !== imageId) {
      throw new ConflictError(
        'TAG_UNCONFIRMED',
        `The engine accepted the tag, but ${name} points at ` +
          `${now === null ? 'no image' : `image ${shortId(now.id)}`} now. List the images again.`,
      );
    }
    const left = current === null ? null : await this.#byId(current.id);
    return {
      id: imageId,
      tag: name,
      outcome: current === null ? 'tagged' : 'moved',
      movedFrom: current?.id ?? null,
      movedFromTags: left?.repoTags ?? [],
    };
  }

  async #target(name: string) {
    try {
      return await this.engine.inspectImage(name);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  #byId(id: string) {
    return this.#target(id);
  }
}
