/*
 * Which image an untag by name acted on. The engine has no "untag this name only if it points
 * at this ID": DELETE /images/{name} resolves the name and removes it in two steps (moby
 * daemon/images/image_delete.go, ImageDelete: GetImage, then removeImageRef, which deletes the
 * reference by name whatever it points at by then). So the answer is judged after the fact:
 *
 * - `Deleted` entries (the engine deletes only the image it resolved; its ID comes first, then
 *   the chain IDs of freed layers) say exactly which image went, so another ID there means the
 *   engine deleted another image.
 * - `Untagged` entries name the reference but not the image. The engine's `untag` event does
 *   (Actor.ID is the image it resolved; moby logs one per reference it removes), so the events
 *   seen while the call ran say which image lost the name.
 * - A `tag` event that re-points the name at another image after it was checked, and is the last
 *   one before the engine's untag, means the name may have moved between the engine's two steps:
 *   the event then names the listed image, while the name came off the other one.
 *
 * What stays open (moby's ImageDelete, read in 20.10 and today's): a move that lands between the
 * engine's lookup and its removal (microseconds, in one request) and whose `tag` event is logged
 * after the engine's `untag` (moby logs each after its own store write) is not seen: the other
 * image then loses that name, unreported. It never loses more: the engine deletes only the image
 * it looked up, and `Deleted` names it. Also unseen: another client untagging a second name of
 * the listed image in the same milliseconds, whose event could stand in for this one's.
 *
 * Pure: the events, the answer and the listed ID in, a verdict out.
 */

/** One image event from the engine's stream, in the engine's order. */
export interface ImageChange {
  action: 'tag' | 'untag' | 'delete';
  imageId: string;
  /** For `tag`, the reference it now names (familiar form, "name:tag"); otherwise null. */
  reference: string | null;
}

/** What DELETE /images/{name} answered. */
export interface EngineDeletion {
  untagged: string[];
  deleted: string[];
}

export type UntagVerdict =
  /** Only the listed image lost the name; `imageRemoved` when that was its last tag. */
  | { kind: 'confirmed'; imageRemoved: boolean }
  /** The engine deleted another image (it had the name as its last tag). */
  | { kind: 'other-image-deleted'; otherId: string; listedTouched: boolean }
  /** The engine's events say another image lost a tag while the name was being removed. */
  | { kind: 'other-image-untagged'; otherIds: string[]; listedTouched: boolean }
  /** The name was re-pointed at another image between the check and the engine's untag. */
  | { kind: 'moved-during'; movedTo: string; imageRemoved: boolean }
  /** The engine's events did not say which image lost the name. */
  | { kind: 'unconfirmed'; imageRemoved: boolean };

/** The image the engine deleted: the first `Deleted` entry (the rest are layer chain IDs). */
export function deletedImage(answer: EngineDeletion): string | null {
  return answer.deleted[0] ?? null;
}

/**
 * Whether the events include all this answer produces: an `untag` per reference it names (a
 * digest reference dropped with its repository's last tag has none) and the `delete`.
 */
export function untagEventsComplete(answer: EngineDeletion, changes: ImageChange[]): boolean {
  const expectedUntags = answer.untagged.filter((reference) => !reference.includes('@')).length;
  const untags = changes.filter((change) => change.action === 'untag').length;
  const gone = deletedImage(answer);
  const deleteSeen =
    gone === null || changes.some((c) => c.action === 'delete' && c.imageId === gone);
  return untags >= Math.max(expectedUntags, 1) && deleteSeen;
}

/**
 * The verdict on untagging `reference` from `listedId`, from the engine's answer and the image
 * events seen from before the name was checked until the answer's events arrived.
 */
export function judgeUntag(
  listedId: string,
  reference: string,
  answer: EngineDeletion,
  changes: ImageChange[],
): UntagVerdict {
  const gone = deletedImage(answer);
  const untagged = new Set(
    changes.filter((change) => change.action === 'untag').map((change) => change.imageId),
  );
  const listedTouched = untagged.has(listedId) || gone === listedId;
  if (gone !== null && gone !== listedId) {
    return { kind: 'other-image-deleted', otherId: gone, listedTouched };
  }
  const others = [...untagged].filter((id) => id !== listedId);
  if (others.length > 0) return { kind: 'other-image-untagged', otherIds: others, listedTouched };

  const imageRemoved = gone === listedId;
  if (!untagEventsComplete(answer, changes)) return { kind: 'unconfirmed', imageRemoved };

  const firstUntag = changes.findIndex((change) => change.action === 'untag');
  const lastMove = changes
    .slice(0, firstUntag)
    .findLast((change) => change.action === 'tag' && change.reference === reference);
  if (lastMove !== undefined && lastMove.imageId !== listedId) {
    return { kind: 'moved-during', movedTo: lastMove.imageId, imageRemoved };
  }
  return { kind: 'confirmed', imageRemoved };
}
