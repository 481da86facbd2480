import { describe, expect, it } from 'vitest';
import {
  credentialKey,
  familiarName,
  parseImageReference,
  registryApiBase,
  registryOfCredentialKey,
} from '../../src/registry/reference.js';

/* Image references normalized as distribution/reference (the docker CLI) does. */

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    [
      'busybox',
      { registry: 'docker.io', repository: 'library/busybox', tag: 'latest', digest: null },
    ],
    [
      'busybox:1.36',
      { registry: 'docker.io', repository: 'library/busybox', tag: '1.36', digest: null },
    ],
    [
      'grafana/grafana',
      { registry: 'docker.io', repository: 'grafana/grafana', tag: 'latest', digest: null },
    ],
    [
      'docker.io/busybox',
      { registry: 'docker.io', repository: 'library/busybox', tag: 'latest', digest: null },
    ],
    [
      'index.docker.io/library/busybox:1',
      { registry: 'docker.io', repository: 'library/busybox', tag: '1', digest: null },
    ],
    [
      'ghcr.io/owner/app:v1.2',
      { registry: 'ghcr.io', repository: 'owner/app', tag: 'v1.2', digest: null },
    ],
    ['localhost/app', { registry: 'localhost', repository: 'app', tag: 'latest', digest: null }],
    [
      'localhost:5000/a/b',
      { registry: 'localhost:5000', repository: 'a/b', tag: 'latest', digest: null },
    ],
    [
      `127.0.0.1:5000/a/b:t@${digest}`,
      { registry: '127.0.0.1:5000', repository: 'a/b', tag: 't', digest },
    ],
    [
      `busybox@${digest}`,
      { registry: 'docker.io', repository: 'library/busybox', tag: null, digest },
    ],
    ['[::1]:5000/app:1', { registry: '[::1]:5000', repository: 'app', tag: '1', digest: null }],
    [
      'a_b/c__d/e-f.g:T_1',
      { registry: 'docker.io', repository: 'a_b/c__d/e-f.g', tag: 'T_1', digest: null },
    ],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['Busybox', 'lowercase'],
    ['docker.io/Library/busybox', 'lowercase'],
    ['busybox:-bad', 'tag'],
    ['busybox@sha256:abc', 'digest'],
    [`busybox@sha256:${'A'.repeat(64)}`, 'sha256'],
    ['a//b', 'repository'],
    ['-a/b', 'repository'],
    [`r.io/${'a'.repeat(260)}`, 'longer'],
  ])('refuses %j (%s)', (text, why) => {
    expect(() => parseImageReference(text)).toThrow(
      expect.objectContaining({
        statusCode: 400,
        code: 'BAD_REFERENCE',
        message: expect.stringContaining(why) as unknown,
      }),
    );
  });
});

describe('familiarName', () => {
  it('shows names as docker images does', () => {
    expect(familiarName(parseImageReference('busybox'))).toBe('busybox:latest');
    expect(familiarName(parseImageReference('docker.io/grafana/grafana:1'))).toBe(
      'grafana/grafana:1',
    );
    expect(familiarName(parseImageReference('127.0.0.1:5000/a:t'))).toBe('127.0.0.1:5000/a:t');
    expect(familiarName(parseImageReference(`busybox@${digest}`))).toBe(`busybox@${digest}`);
    // library/ is dropped only for a one-level Hub name.
    expect(familiarName(parseImageReference('library/a/b'))).toBe('library/a/b:latest');
  });
});

describe('registryApiBase and credential keys', () => {
  it("uses Hub's API host, plain HTTP on the loopback, HTTPS elsewhere", () => {
    expect(registryApiBase('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryApiBase('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryApiBase('127.8.9.10')).toBe('http://127.8.9.10');
    expect(registryApiBase('localhost:5000')).toBe('http://localhost:5000');
    expect(registryApiBase('[::1]:5000')).toBe('http://[::1]:5000');
    expect(registryApiBase('ghcr.io')).toBe('https://ghcr.io');
    expect(registryApiBase('128.0.0.1:5000')).toBe('https://128.0.0.1:5000');
  });

  it("keys Hub's credentials under https://index.docker.io/v1/ and others by host[:port]", () => {
    expect(credentialKey('docker.io')).toBe('https://index.docker.io/v1/');
    expect(credentialKey('127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(registryOfCredentialKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(registryOfCredentialKey('https://r.example:443/v2/')).toBe('r.example:443');
    expect(registryOfCredentialKey('ghcr.io')).toBe('ghcr.io');
  });
});
