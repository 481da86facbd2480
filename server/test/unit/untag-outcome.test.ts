import { describe, expect, it } from 'vitest';
import {
  type ImageChange,
  judgeUntag,
  untagEventsComplete,
} from '../../src/domain/untag-outcome.js';
import { toImageChange } from '../../src/engine/action-mappers.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;
const layer = `sha256:${'1'.repeat(64)}`;
const name = 'race/subject:tag';

const tag = (imageId: string, reference = name): ImageChange => ({
  action: 'tag',
  imageId,
  reference,
});
const untag = (imageId: string): ImageChange => ({ action: 'untag', imageId, reference: null });
const del = (imageId: string): ImageChange => ({ action: 'delete', imageId, reference: null });

describe('judgeUntag', () => {
  it('confirms an untag the engine did on the listed image', () => {
    expect(judgeUntag(A, name, { untagged: [name], deleted: [] }, [untag(A)])).toEqual({
      kind: 'confirmed',
      imageRemoved: false,
    });
  });

  it('confirms the listed image removed with its last tag', () => {
    const answer = { untagged: [name], deleted: [A, layer] };
    expect(judgeUntag(A, name, answer, [untag(A), del(A)])).toEqual({
      kind: 'confirmed',
      imageRemoved: true,
    });
  });

  it('sees from the answer alone that another image was deleted', () => {
    // The engine lists the image first, then the chain IDs of the layers it freed.
    const answer = { untagged: [name], deleted: [B, layer] };
    expect(judgeUntag(A, name, answer, [])).toEqual({
      kind: 'other-image-deleted',
      otherId: B,
      listedTouched: false,
    });
  });

  it('names the image an Untagged-only answer took the name from, by its untag event', () => {
    const changes = [tag(B), untag(B)];
    expect(judgeUntag(A, name, { untagged: [name], deleted: [] }, changes)).toEqual({
      kind: 'other-image-untagged',
      otherIds: [B],
      listedTouched: false,
    });
  });

  it('reports any other image losing a tag meanwhile, even beside the listed one', () => {
    expect(
      judgeUntag(A, name, { untagged: [name], deleted: [] }, [untag(C), untag(A)]),
    ).toMatchObject({ kind: 'other-image-untagged', otherIds: [C], listedTouched: true });
  });

  it('does not confirm when the name was last re-pointed at another image before the untag', () => {
    // moby looks the name up, then removes it: the untag event names A, the name was B's.
    const changes = [tag(A), tag(B), untag(A), del(A)];
    expect(judgeUntag(A, name, { untagged: [name], deleted: [A] }, changes)).toEqual({
      kind: 'moved-during',
      movedTo: B,
      imageRemoved: true,
    });
  });

  it('confirms when the name came back to the listed image before the untag', () => {
    const changes = [tag(B), tag(A), tag(B, 'other:1'), untag(A), tag(B)];
    expect(judgeUntag(A, name, { untagged: [name], deleted: [] }, changes)).toEqual({
      kind: 'confirmed',
      imageRemoved: false,
    });
  });

  it('does not confirm without the engine saying which image lost the name', () => {
    expect(judgeUntag(A, name, { untagged: [name], deleted: [] }, [tag(A)])).toEqual({
      kind: 'unconfirmed',
      imageRemoved: false,
    });
    expect(judgeUntag(A, name, { untagged: [name], deleted: [A] }, [untag(A)])).toEqual({
      kind: 'unconfirmed',
      imageRemoved: true,
    });
  });
});

describe('untagEventsComplete', () => {
  it('waits for an untag per tag reference and for the delete of the image', () => {
    const answer = { untagged: [name, 'race/subject@sha256:' + '2'.repeat(64)], deleted: [A] };
    expect(untagEventsComplete(answer, [])).toBe(false);
    expect(untagEventsComplete(answer, [untag(A)])).toBe(false);
    expect(untagEventsComplete(answer, [untag(A), del(A)])).toBe(true);
    expect(untagEventsComplete({ untagged: [name], deleted: [] }, [tag(B), untag(B)])).toBe(true);
  });
});

describe('toImageChange', () => {
  it('keeps the reference of a tag event and the image of every one', () => {
    expect(
      toImageChange({
        Type: 'image',
        Action: 'tag',
        Actor: { ID: A, Attributes: { name } },
      }),
    ).toEqual(tag(A));
    // moby puts the image ID in `name` for untag and delete: no reference there.
    expect(
      toImageChange({ Type: 'image', Action: 'untag', Actor: { ID: B, Attributes: { name: B } } }),
    ).toEqual(untag(B));
    expect(toImageChange({ Type: 'image', Action: 'pull', Actor: { ID: A } })).toBeNull();
    expect(toImageChange({ Type: 'container', Action: 'delete', Actor: { ID: A } })).toBeNull();
  });
});
