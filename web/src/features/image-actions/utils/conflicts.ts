/*
 * What the server's refusal codes mean for the person (server/src/services/image-removal.ts).
 * Force is offered only where it helps, and only after the reason was shown.
 */

export interface ConflictHelp {
  /** A few words for the heading of the refusal. */
  title: string;
  /** Whether removing with force would get past it. */
  forceHelps: boolean;
  /** What force does here, said before the person chooses it. */
  forceEffect: string | null;
  /**
   * The engine did act, just not (only) as asked: a tag that moved took another image's name or
   * the image itself, or the outcome could not be confirmed. Not a refusal: nothing to retry,
   * the message says what happened.
   */
  engineActed?: true;
}

const help: Record<string, ConflictHelp> = {
  IMAGE_USED_BY_RUNNING_CONTAINER: {
    title: 'A running container uses this image',
    forceHelps: false,
    forceEffect: null,
  },
  IMAGE_HAS_CHILDREN: {
    title: 'Other images are built on this one',
    forceHelps: false,
    forceEffect: null,
  },
  IMAGE_USED_BY_STOPPED_CONTAINER: {
    title: 'A stopped container uses this image',
    forceHelps: true,
    forceEffect:
      'Force removes the image’s tags and record, but its layers stay on disk until the ' +
      'container is removed: no bytes come back now.',
  },
  IMAGE_HAS_SEVERAL_TAGS: {
    title: 'The image has several tags',
    forceHelps: true,
    forceEffect: 'Force drops every tag and removes the image.',
  },
  TAG_MOVED: {
    title: 'The tag points at another image now',
    forceHelps: false,
    forceEffect: null,
  },
  TAG_NOT_FOUND: { title: 'The tag is gone already', forceHelps: false, forceEffect: null },
  TAG_ON_OTHER_IMAGE: {
    title: 'The name is on another image',
    forceHelps: false,
    forceEffect: null,
  },
  INVALID_TAG: { title: 'Not a valid tag', forceHelps: false, forceEffect: null },
  TAG_UNCONFIRMED: {
    title: 'The tag could not be confirmed',
    forceHelps: false,
    forceEffect: null,
    engineActed: true,
  },
  TAG_MOVED_OTHER_IMAGE_DELETED: {
    title: 'The tag moved: the engine removed another image',
    forceHelps: false,
    forceEffect: null,
    engineActed: true,
  },
  TAG_MOVED_OTHER_IMAGE_UNTAGGED: {
    title: 'The tag moved: the engine untagged another image',
    forceHelps: false,
    forceEffect: null,
    engineActed: true,
  },
  TAG_MOVED_DURING_UNTAG: {
    title: 'The tag moved while it was being untagged',
    forceHelps: false,
    forceEffect: null,
    engineActed: true,
  },
  UNTAG_UNCONFIRMED: {
    title: 'The untag could not be confirmed',
    forceHelps: false,
    forceEffect: null,
    engineActed: true,
  },
  REMOVAL_UNCONFIRMED: {
    title: 'The removal could not be confirmed',
    forceHelps: false,
    forceEffect: null,
    engineActed: true,
  },
  IMAGE_CONFLICT: { title: 'The engine refused', forceHelps: false, forceEffect: null },
  IMAGE_NOT_FOUND: { title: 'The image is gone already', forceHelps: false, forceEffect: null },
  READ_ONLY: { title: 'The server is read-only', forceHelps: false, forceEffect: null },
  SESSION_REQUIRED: {
    title: 'This browser may not change anything yet',
    forceHelps: false,
    forceEffect: null,
  },
  ENGINE_UNREACHABLE: {
    title: 'The engine is not reachable',
    forceHelps: false,
    forceEffect: null,
  },
};

export function conflictHelp(code: string | null): ConflictHelp {
  return (
    (code !== null ? help[code] : undefined) ?? {
      title: 'Nothing was removed',
      forceHelps: false,
      forceEffect: null,
    }
  );
}

/** Whether force helps for every one of these refusals (never mixed with hopeless ones). */
export function forceHelpsAll(codes: readonly (string | null)[]): boolean {
  return codes.length > 0 && codes.every((code) => conflictHelp(code).forceHelps);
}
