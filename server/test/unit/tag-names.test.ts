import { describe, expect, it } from 'vitest';
import { archiveFileName } from '../../src/services/image-save.js';
import { parseTag } from '../../src/services/image-tagging.js';

describe('parseTag', () => {
  it('splits at the last colon after the last slash, ":latest" when there is none', () => {
    expect(parseTag('team/app:2')).toEqual({ repo: 'team/app', tag: '2' });
    expect(parseTag('registry:5000/team/app')).toEqual({
      repo: 'registry:5000/team/app',
      tag: 'latest',
    });
    expect(parseTag('registry:5000/team/app:v1.2-rc_3')).toEqual({
      repo: 'registry:5000/team/app',
      tag: 'v1.2-rc_3',
    });
  });

  it('refuses what is not a tag: IDs, digests, upper case, quotes and line breaks', () => {
    for (const bad of [
      '',
      'abcdef12',
      `sha256:${'a'.repeat(64)}`,
      `app@sha256:${'a'.repeat(64)}`,
      'Team/App:1',
      'a:b"c',
      'a\r\nb:1',
      'app:',
      `app:${'x'.repeat(129)}`,
    ]) {
      expect(() => parseTag(bad), JSON.stringify(bad)).toThrow(/Expected a tag/);
    }
  });
});

describe('archiveFileName', () => {
  it('keeps letters, digits, ".", "_" and "-" only, and names an untagged image by its ID', () => {
    expect(archiveFileName(`sha256:${'ab'.repeat(32)}`, null)).toBe('image-abababababab.tar');
    expect(archiveFileName('x', 'registry.example:5000/team/app:1')).toBe(
      'registry.example_5000_team_app_1.tar',
    );
    expect(archiveFileName('x', '..";\r\nX: 1')).toBe('X_1.tar');
    expect(archiveFileName('x', '"/')).toBe('image.tar');
  });
});
