import type { ImageRemoval } from '@footprint/shared';
import type { Engine } from '../engine/engine.js';
import type { ContainerUse, EngineActions } from '../engine/engine-actions.js';
import {
  AppError,
  ConflictError,
  EngineError,
  EngineUnreachableError,
  NotFoundError,
} from '../errors.js';

/*
 * Removing an image by ID and untagging one tag. Before the engine is asked, the server looks
 * at what holds the image, so a refusal says what to do in words, not moby's "conflict: unable
 * to delete … (must be forced)". The engine still decides atomically; its own 409 is passed on.
 */

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function describeContainers(containers: ContainerUse[]): string {
  return containers
    .map((c) => `${c.name || shortId(c.id)} (${shortId(c.id)}, ${c.state})`)
    .join(', ');
}

function isRunning(container: ContainerUse): boolean {
  return ['running', 'paused', 'restarting'].includes(container.state);
}

export class ImageRemover {
  constructor(
    readonly engine: Engine,
    readonly actions: EngineActions,
  ) {}

  /** Removes the image with this full ID; a conflict is a ConflictError saying what holds it. */
  async remove(id: string, force: boolean): Promise<ImageRemoval> {
    const image = await this.engine.inspectImage(id);
    const label = image.repoTags[0] ? `${image.repoTags[0]} (${shortId(id)})` : shortId(id);
    const [containers, children] = await Promise.all([
      this.actions.containers(),
      this.actions.childImages(id),
    ]);
    const users = containers.filter((c) => c.imageId === id);
    const running = users.filter(isRunning);
    if (running.length > 0) {
      throw new ConflictError(
        'IMAGE_USED_BY_RUNNING_CONTAINER',
        `Image ${label} is used by running container ${describeContainers(running)}. Stop and ` +
          'remove the container first; force cannot remove an image a running container uses.',
      );
    }
    if (children.length > 0) {
      throw new ConflictError(
        'IMAGE_HAS_CHILDREN',
        `Image ${label} has child images built on it: ${children.map(shortId).join(', ')}. ` +
          'Remove those first; force does not help here.',
      );
    }
    if (!force && users.length > 0) {
      throw new ConflictError(
        'IMAGE_USED_BY_STOPPED_CONTAINER',
        `Image ${label} is used by stopped container ${describeContainers(users)}. Remove the ` +
          'container first. Force removes the image’s tags and record anyway, but its layers ' +
          'stay on disk until the container is removed.',
      );
    }
    if (!force && image.repoTags.length > 1) {
      throw new ConflictError(
        'IMAGE_HAS_SEVERAL_TAGS',
        `Image ${shortId(id)} is tagged ${image.repoTags.length} times: ` +
          `${image.repoTags.join(', ')}. Untag the tags you mean to drop, or remove with force ` +
          'to drop every tag and the image.',
      );
    }
    const deletion = await this.#engineRemove(id, force);
    return {
      id,
      outcome: 'removed',
      untagged: deletion.untagged,
      deleted: deletion.deleted,
      code: null,
      message: null,
    };
  }

  /** Removes each image, reporting per image; stops asking once the engine is away. */
  async removeMany(ids: string[], force: boolean): Promise<ImageRemoval[]> {
    const results: ImageRemoval[] = [];
    let away: AppError | null = null;
    for (const id of ids) {
      if (away !== null) {
        results.push(failed(id, away));
        continue;
      }
      try {
        results.push(await this.remove(id, force));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error instanceof EngineUnreachableError) away = error;
        results.push(failed(id, error));
      }
    }
    return results;
  }

  /** Untags `tag` if it still points at `imageId`; the engine deletes the image with its last tag. */
  async untag(imageId: string, tag: string): Promise<ImageRemoval> {
    let current: string;
    try {
      current = (await this.engine.inspectImage(tag)).id;
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(
          'TAG_NOT_FOUND',
          `No tag ${tag} on this engine (untagged meanwhile?).`,
        );
      }
      throw error;
    }
    if (current !== imageId) {
      throw new ConflictError(
        'TAG_MOVED',
        `${tag} now points at image ${shortId(current)}, not at ${shortId(imageId)}: nothing was ` +
          'untagged. List the images again.',
      );
    }
    const deletion = await this.#engineRemove(tag, false);
    return {
      id: imageId,
      outcome: deletion.deleted.includes(imageId) ? 'removed' : 'untagged',
      untagged: deletion.untagged,
      deleted: deletion.deleted,
      code: null,
      message: null,
    };
  }

  async #engineRemove(name: string, force: boolean) {
    try {
      return await this.actions.removeImage(name, force);
    } catch (error) {
      // Something changed between our look and the engine's: its own words, as a conflict.
      if (error instanceof EngineError && error.engineStatusCode === 409) {
        throw new ConflictError('IMAGE_CONFLICT', `The engine refused: ${error.engineMessage}`);
      }
      throw error;
    }
  }
}

function failed(id: string, error: AppError): ImageRemoval {
  return {
    id,
    outcome:
      error.statusCode === 409 ? 'conflict' : error.statusCode === 404 ? 'not-found' : 'failed',
    untagged: [],
    deleted: [],
    code: error.code,
    message: error.message,
  };
}
