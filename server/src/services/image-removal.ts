import type { ImageRemoval } from '@footprint/shared';
import {
  deletedImage,
  type EngineDeletion,
  judgeUntag,
  untagEventsComplete,
  type UntagVerdict,
} from '../domain/untag-outcome.js';
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
 *
 * An answer claims success only when the engine's own record shows it acted on the listed image:
 * removal goes by full ID and its answer must name that ID as deleted; an untag goes by name
 * (the Engine API has no other way), so it is judged by the answer and the engine's events (see
 * domain/untag-outcome.ts). One action at a time, so this server's own actions never read as
 * each other's events.
 */

/** How long the engine's events may take to show what one DELETE did (they come in ms). */
const eventWaitMs = 5000;

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
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly engine: Engine,
    readonly actions: EngineActions,
  ) {}

  /** Removes the image with this full ID; a conflict is a ConflictError saying what holds it. */
  remove(id: string, force: boolean): Promise<ImageRemoval> {
    return this.#oneAtATime(() => this.#remove(id, force));
  }

  /**
   * Untags `tag` if it still points at `imageId`; the engine deletes the image with its last tag.
   * When the engine acted on another image (the tag moved meanwhile), a ConflictError says what
   * it did.
   */
  untag(imageId: string, tag: string): Promise<ImageRemoval> {
    return this.#oneAtATime(() => this.#untag(imageId, tag));
  }

  #oneAtATime<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #remove(id: string, force: boolean): Promise<ImageRemoval> {
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
    // By full ID the engine acts on this image alone; still, "removed" only when it says so.
    const deletion = await this.#engineRemove(id, force);
    if (deletedImage(deletion) !== id) {
      throw new ConflictError(
        'REMOVAL_UNCONFIRMED',
        `The engine answered without deleting image ${label}` +
          (deletion.untagged.length > 0 ? ` (it untagged ${deletion.untagged.join(', ')})` : '') +
          '. List the images again.',
      );
    }
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

  async #untag(imageId: string, tag: string): Promise<ImageRemoval> {
    // Listen before looking: every move of the name from the check on shows in the feed.
    const feed = await this.actions.followImageChanges(Date.now());
    try {
      const current = await this.#tagTarget(tag);
      if (current !== imageId) {
        throw new ConflictError(
          'TAG_MOVED',
          `${tag} now points at image ${shortId(current)}, not at ${shortId(imageId)}: nothing ` +
            'was untagged. List the images again.',
        );
      }
      // By name: the only way to drop one tag. The name may move between the check above and
      // the engine's lookup, and even between that lookup and its removal (moby ImageDelete does
      // both without one lock): the answer and events say which image it took the name from.
      const deletion = await this.#engineRemove(tag, false);
      await feed.until((changes) => untagEventsComplete(deletion, changes), eventWaitMs);
      const reference = deletion.untagged[0] ?? tag;
      const verdict = judgeUntag(imageId, reference, deletion, feed.changes);
      if (verdict.kind !== 'confirmed') {
        throw untagConflict(verdict, imageId, reference, deletion);
      }
      return {
        id: imageId,
        outcome: verdict.imageRemoved ? 'removed' : 'untagged',
        untagged: deletion.untagged,
        deleted: deletion.deleted,
        code: null,
        message: null,
      };
    } finally {
      feed.close();
    }
  }

  async #tagTarget(tag: string): Promise<string> {
    try {
      return (await this.engine.inspectImage(tag)).id;
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(
          'TAG_NOT_FOUND',
          `No tag ${tag} on this engine (untagged meanwhile?).`,
        );
      }
      throw error;
    }
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

/** What the engine did when it did not act on the listed image alone, as a 409 to act on. */
function untagConflict(
  verdict: Exclude<UntagVerdict, { kind: 'confirmed' }>,
  imageId: string,
  reference: string,
  deletion: EngineDeletion,
): ConflictError {
  const listed = shortId(imageId);
  const listedPart = (touched: boolean) =>
    touched
      ? ` Image ${listed} lost a tag meanwhile too${deletedImage(deletion) === imageId ? ' and was deleted' : ''}.`
      : ` Image ${listed} was not changed by this request.`;
  switch (verdict.kind) {
    case 'other-image-deleted': {
      const other = shortId(verdict.otherId);
      const layers = deletion.deleted.length - 1;
      return new ConflictError(
        'TAG_MOVED_OTHER_IMAGE_DELETED',
        `${reference} moved to image ${other} after it was checked, and the engine took the ` +
          `name from that image: it was its last tag, so the engine deleted image ${other}` +
          (layers > 0 ? ` and ${layers} of its ${layers === 1 ? 'layer' : 'layers'}` : '') +
          '. That cannot be undone.' +
          listedPart(verdict.listedTouched),
      );
    }
    case 'other-image-untagged': {
      const others = verdict.otherIds.map(shortId).join(', ');
      const plural = verdict.otherIds.length > 1;
      return new ConflictError(
        'TAG_MOVED_OTHER_IMAGE_UNTAGGED',
        `${reference} moved after it was checked: the engine's events show ` +
          `${plural ? 'images' : 'image'} ${others} losing a tag while it removed the name, not ` +
          `only ${listed}. No other image was deleted. If ${others} should keep the name, tag ` +
          `it again (docker tag ${plural ? '<image>' : others} ${reference}).` +
          listedPart(verdict.listedTouched),
      );
    }
    case 'moved-during': {
      const other = shortId(verdict.movedTo);
      return new ConflictError(
        'TAG_MOVED_DURING_UNTAG',
        `${reference} was re-pointed at image ${other} while the engine removed it. The engine ` +
          `reports it took the name from ${listed}` +
          (verdict.imageRemoved ? ` and deleted that image (it was its last tag)` : '') +
          `, but the name may have come off ${other} instead: the engine looks the name up and ` +
          'removes it in two steps. No other image was deleted. Check both images and tag ' +
          'again what should keep the name.',
      );
    }
    case 'unconfirmed':
      return new ConflictError(
        'UNTAG_UNCONFIRMED',
        `The engine removed ${reference}` +
          (verdict.imageRemoved ? ` and deleted image ${listed} with it` : '') +
          `, but its events did not say within ${eventWaitMs / 1000} s which image lost the ` +
          `name, so this cannot be confirmed as ${listed}. List the images again.`,
      );
  }
}
