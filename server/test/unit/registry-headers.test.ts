import { describe, expect, it } from 'vitest';
import {
  nextPageUrl,
  parseAuthChallenge,
  parseRateLimit,
  registryErrorOf,
  retryAfterSeconds,
} from '../../src/registry/registry-headers.js';

/* The registry's response headers, as registries send them. */

const headers = (values: Record<string, string>) => new Headers(values);

describe('parseAuthChallenge', () => {
  it("reads Docker Hub's Bearer challenge", () => {
    expect(
      parseAuthChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:library/busybox:pull',
    });
  });

  it('reads a challenge without scope (GET /v2/), a comma inside a quoted scope, and Basic', () => {
    expect(parseAuthChallenge('Bearer realm="https://r.example/token",service="r"')).toEqual({
      scheme: 'bearer',
      realm: 'https://r.example/token',
      service: 'r',
      scope: null,
    });
    expect(
      parseAuthChallenge('Bearer realm="https://r/t",service="r",scope="repository:a/b:pull,push"'),
    ).toMatchObject({ scope: 'repository:a/b:pull,push' });
    expect(parseAuthChallenge('Basic realm="footprint-test"')).toEqual({
      scheme: 'basic',
      realm: 'footprint-test',
    });
  });

  it('gives null for no header, another scheme, or a Bearer without realm', () => {
    expect(parseAuthChallenge(null)).toBeNull();
    expect(parseAuthChallenge('')).toBeNull();
    expect(parseAuthChallenge('Negotiate abc')).toBeNull();
    expect(parseAuthChallenge('Bearer service="r"')).toBeNull();
  });
});

describe('nextPageUrl', () => {
  it('resolves the relative next link against the request', () => {
    expect(
      nextPageUrl('</v2/_catalog?last=b&n=2>; rel="next"', 'http://127.0.0.1:5000/v2/_catalog?n=2'),
    ).toBe('http://127.0.0.1:5000/v2/_catalog?last=b&n=2');
    expect(nextPageUrl(null, 'http://r/v2/_catalog')).toBeNull();
    expect(nextPageUrl('</x>; rel="prev"', 'http://r/v2/_catalog')).toBeNull();
  });
});

describe('parseRateLimit', () => {
  it("reads Docker Hub's count;window headers and the source", () => {
    expect(
      parseRateLimit(
        headers({
          'ratelimit-limit': '100;w=21600',
          'ratelimit-remaining': '76;w=21600',
          'docker-ratelimit-source': '192.0.2.1',
        }),
      ),
    ).toEqual({ limit: 100, remaining: 76, source: '192.0.2.1' });
    expect(parseRateLimit(headers({ 'ratelimit-remaining': '0' }))).toEqual({
      limit: null,
      remaining: 0,
    });
    expect(parseRateLimit(headers({}))).toBeNull();
    expect(parseRateLimit(headers({ 'ratelimit-limit': 'lots' }))).toBeNull();
  });
});

describe('retryAfterSeconds and registryErrorOf', () => {
  it('reads seconds or an HTTP date', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(
      retryAfterSeconds('Wed, 21 Oct 2015 07:28:30 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)),
    ).toBe(30);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });

  it("takes the first error's code and a short message", () => {
    expect(
      registryErrorOf(
        '{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}',
      ),
    ).toEqual({ code: 'UNSUPPORTED', message: 'The operation is unsupported.' });
    expect(registryErrorOf('<html>')).toBeNull();
    expect(
      registryErrorOf(`{"errors":[{"code":"X","message":"${'m'.repeat(500)}"}]}`)?.message,
    ).toHaveLength(200);
  });
});
