import { describe, expect, it } from 'vitest';
import { isImageId, isImageReference } from '../src/references.js';

describe('isImageReference', () => {
  it.each([
    'busybox',
    'busybox:1.36',
    'library/busybox:latest',
    'registry.example:5000/team/app:1',
    'ghcr.io/org/name/sub:v1.2.3-rc_1',
    `app@sha256:${'a'.repeat(64)}`,
    `app:1@sha256:${'b'.repeat(64)}`,
    'localhost/app',
    '4bf5c77598dd',
    `sha256:${'c'.repeat(64)}`,
    'c'.repeat(64),
    'my__app',
    'a-b--c',
  ])('accepts %j', (value) => {
    expect(isImageReference(value)).toBe(true);
  });

  it.each([
    '',
    'UPPER',
    'app:',
    ':tag',
    'app:tag:more',
    '../../containers/json',
    'app?x=1',
    'app#frag',
    'name with spaces',
    'sha256:xyz',
    `sha256:${'c'.repeat(63)}g`,
    '-leading-dash',
    'trailing-/',
    `app:${'t'.repeat(129)}`,
    'a'.repeat(600),
    'app\n',
  ])('rejects %j', (value) => {
    expect(isImageReference(value)).toBe(false);
  });
});

describe('isImageId', () => {
  it('takes full and short hex IDs, with or without the algorithm', () => {
    expect(isImageId('4bf5c77598dd')).toBe(true);
    expect(isImageId(`sha256:${'0'.repeat(64)}`)).toBe(true);
    expect(isImageId('busybox')).toBe(false);
    expect(isImageId('abc')).toBe(false);
  });
});
