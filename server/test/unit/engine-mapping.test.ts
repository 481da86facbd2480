import { describe, expect, it } from 'vitest';
import { compareApiVersions, negotiateApiVersion } from '../../src/engine/api-version.js';
import { describeEndpoint, dockerOptions } from '../../src/engine/endpoint.js';
import { toEngineImage, toGraphDriver, toHistoryFromApi } from '../../src/engine/mappers.js';

describe('negotiateApiVersion', () => {
  it('speaks the engine’s version when it is older than ours', () => {
    expect(negotiateApiVersion('1.41')).toBe('1.41');
    expect(negotiateApiVersion('1.40')).toBe('1.40');
  });

  it('speaks our newest known version to newer engines (Engine 29 is API 1.52)', () => {
    expect(negotiateApiVersion('1.52')).toBe('1.51');
    expect(negotiateApiVersion('1.51')).toBe('1.51');
    expect(negotiateApiVersion('2.0')).toBe('1.51');
  });

  it('compares minor versions numerically, not as text', () => {
    expect(compareApiVersions('1.9', '1.41')).toBeLessThan(0);
    expect(compareApiVersions('1.41', '1.41')).toBe(0);
  });
});

describe('dockerOptions', () => {
  it('maps unix and tcp endpoints', () => {
    expect(dockerOptions('unix:///var/run/docker.sock', null)).toEqual({
      socketPath: '/var/run/docker.sock',
    });
    expect(dockerOptions('tcp://127.0.0.1:2375', null)).toEqual({
      host: '127.0.0.1',
      port: '2375',
      protocol: 'http',
    });
    expect(describeEndpoint('unix:///run/user/1000/docker.sock')).toBe(
      '/run/user/1000/docker.sock',
    );
    expect(describeEndpoint('tcp://10.0.0.1:2376')).toBe('tcp://10.0.0.1:2376');
  });
});

describe('mappers', () => {
  it('drops the "<none>" placeholders older engines use for untagged images', () => {
    const image = toEngineImage({
      Id: 'sha256:1',
      RepoTags: ['<none>:<none>'],
      RepoDigests: ['<none>@<none>'],
      Created: 1_767_225_600,
      Size: 10,
      SharedSize: 0,
      Containers: -1,
    });
    expect(image).toMatchObject({
      repoTags: [],
      repoDigests: [],
      containers: 0,
      created: '2026-01-01T00:00:00.000Z',
    });
  });

  it('splits LowerDir, top first, and leaves missing dirs null', () => {
    expect(
      toGraphDriver({
        Name: 'overlay2',
        Data: { LowerDir: '/a/diff:/b/diff', UpperDir: '/c/diff' },
      }),
    ).toEqual({
      name: 'overlay2',
      lowerDir: ['/a/diff', '/b/diff'],
      upperDir: '/c/diff',
      mergedDir: null,
      workDir: null,
    });
  });

  it('marks empty layers from the history API only when the count matches the layers', () => {
    const newestFirst = [
      { Id: 'sha256:x', Created: 2, CreatedBy: 'CMD ["sh"]', Comment: '', Size: 0 },
      { Id: '<missing>', Created: 1, CreatedBy: 'ADD rootfs /', Comment: '', Size: 500 },
    ];
    expect(
      toHistoryFromApi(newestFirst, 1).map((entry) => [entry.createdBy, entry.emptyLayer]),
    ).toEqual([
      ['ADD rootfs /', false],
      ['CMD ["sh"]', true],
    ]);
    // Two layers but one non-zero step: a zero-byte layer exists, so no step can be called empty.
    expect(toHistoryFromApi(newestFirst, 2).every((entry) => entry.emptyLayer === null)).toBe(true);
  });
});
