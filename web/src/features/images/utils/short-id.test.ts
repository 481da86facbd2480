import { describe, expect, it } from 'vitest';
import { imageName } from './image-name';
import { shortId } from './short-id';

describe('shortId', () => {
  it('keeps the first 12 hex digits after "sha256:", as `docker images` prints them', () => {
    expect(shortId('sha256:4bf5c77598dd0a7c1e3a6b1f4f3c2a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a')).toBe(
      '4bf5c77598dd',
    );
  });

  it('accepts an ID without the algorithm prefix', () => {
    expect(shortId('0123456789abcdef')).toBe('0123456789ab');
  });

  it('leaves an ID shorter than 12 digits whole', () => {
    expect(shortId('sha256:abc')).toBe('abc');
  });
});

describe('imageName', () => {
  it('is the first tag, else "<none>" and the short ID', () => {
    const id = `sha256:4bf5c77598dd${'0'.repeat(52)}`;
    expect(imageName({ repoTags: ['app:1', 'app:latest'] }, id)).toBe('app:1');
    expect(imageName({ repoTags: [] }, id)).toBe('<none> 4bf5c77598dd');
    expect(imageName(undefined, id)).toBe('<none> 4bf5c77598dd');
  });
});
