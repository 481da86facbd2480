import { describe, expect, it } from 'vitest';
import { conflictHelp, forceHelpsAll } from './conflicts';

describe('conflictHelp', () => {
  it('offers force only for a stopped container or several tags', () => {
    expect(conflictHelp('IMAGE_USED_BY_STOPPED_CONTAINER').forceHelps).toBe(true);
    expect(conflictHelp('IMAGE_HAS_SEVERAL_TAGS').forceHelps).toBe(true);
    expect(conflictHelp('IMAGE_USED_BY_RUNNING_CONTAINER').forceHelps).toBe(false);
    expect(conflictHelp('IMAGE_HAS_CHILDREN').forceHelps).toBe(false);
    expect(conflictHelp('TAG_MOVED').forceHelps).toBe(false);
  });

  it('says what force does before it is chosen', () => {
    expect(conflictHelp('IMAGE_USED_BY_STOPPED_CONTAINER').forceEffect).toMatch(/layers stay/);
    expect(conflictHelp('IMAGE_HAS_CHILDREN').forceEffect).toBeNull();
  });

  it('tells a refusal from a tag that moved while the engine acted', () => {
    expect(conflictHelp('TAG_MOVED').engineActed).toBeUndefined();
    expect(conflictHelp('IMAGE_CONFLICT').engineActed).toBeUndefined();
    for (const code of [
      'TAG_MOVED_OTHER_IMAGE_DELETED',
      'TAG_MOVED_OTHER_IMAGE_UNTAGGED',
      'TAG_MOVED_DURING_UNTAG',
      'UNTAG_UNCONFIRMED',
      'REMOVAL_UNCONFIRMED',
    ]) {
      expect(conflictHelp(code)).toMatchObject({ engineActed: true, forceHelps: false });
      expect(conflictHelp(code).title).not.toMatch(/nothing/i);
    }
    expect(conflictHelp('TAG_MOVED_OTHER_IMAGE_DELETED').title).toMatch(/removed another image/);
  });

  it('has a plain title for an unknown or missing code', () => {
    expect(conflictHelp('SOMETHING_NEW')).toEqual({
      title: 'Nothing was removed',
      forceHelps: false,
      forceEffect: null,
    });
    expect(conflictHelp(null).forceHelps).toBe(false);
  });
});

describe('forceHelpsAll', () => {
  it('is true only when force helps every refusal', () => {
    expect(forceHelpsAll(['IMAGE_HAS_SEVERAL_TAGS', 'IMAGE_USED_BY_STOPPED_CONTAINER'])).toBe(true);
    expect(forceHelpsAll(['IMAGE_HAS_SEVERAL_TAGS', 'IMAGE_HAS_CHILDREN'])).toBe(false);
    expect(forceHelpsAll([])).toBe(false);
  });
});
