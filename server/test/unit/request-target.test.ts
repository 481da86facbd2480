import { describe, expect, it } from 'vitest';
import { isApiPath, parseRequestTarget } from '../../src/security/request-target.js';

describe('request target', () => {
  it('reads an origin-form path as the router does: decoded, without query or fragment', () => {
    expect(parseRequestTarget('/api/images?all=1')).toEqual({
      rawPath: '/api/images',
      path: '/api/images',
    });
    expect(parseRequestTarget('/%61pi/images#x')).toEqual({
      rawPath: '/%61pi/images',
      path: '/api/images',
    });
    // Reserved escapes stay escaped, as in find-my-way: %2F is no path separator.
    expect(parseRequestTarget('/api%2Fimages')?.path).toBe('/api%2Fimages');
  });

  it('refuses every target that is not a plain path on this server', () => {
    for (const url of [
      'http://evil.example/api/images',
      'http://127.0.0.1:7077/api/images',
      '*',
      '127.0.0.1:7077',
      '//evil.example/',
      '/\\evil.example/',
      '/api/images/%zz',
      '',
    ]) {
      expect(parseRequestTarget(url), url).toBeNull();
    }
  });

  it('names the API by its decoded path only', () => {
    expect(isApiPath('/api')).toBe(true);
    expect(isApiPath('/api/events')).toBe(true);
    expect(isApiPath('/apis')).toBe(false);
    expect(isApiPath('/images/api/x')).toBe(false);
  });
});
