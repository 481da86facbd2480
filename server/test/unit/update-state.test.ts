import { describe, expect, it } from 'vitest';
import {
  decideByDigest,
  decideByPlatform,
  imageState,
  isIndexMediaType,
  nextCheckDelayMs,
  stateOfError,
  tagsChanged,
  tagsToFollow,
} from '../../src/domain/update-state.js';

const d = (hex: string) => `sha256:${hex.repeat(64).slice(0, 64)}`;
const ociIndex = 'application/vnd.oci.image.index.v1+json';
const dockerList = 'application/vnd.docker.distribution.manifest.list.v2+json';
const dockerManifest = 'application/vnd.docker.distribution.manifest.v2+json';

describe('tagsToFollow', () => {
  const hub = { registry: 'docker.io', repository: 'library/debian' };
  it('follows a tag only in a repository the image has a RepoDigest in', () => {
    const tags = [
      { ...hub, tag: '12', reference: 'debian:12' },
      { registry: 'docker.io', repository: 'library/mine', tag: 'x', reference: 'mine:x' },
      { registry: '127.0.0.1:5000', repository: 'library/debian', tag: '12', reference: 'x' },
    ];
    expect(tagsToFollow(tags, [{ ...hub, digest: d('a') }])).toEqual([tags[0]]);
    expect(tagsToFollow(tags, [])).toEqual([]);
  });
});

describe('decideByDigest', () => {
  it('is up to date when the digest is ANY of the RepoDigests, not only the first', () => {
    expect(decideByDigest({ digest: d('b'), mediaType: dockerManifest }, [d('a'), d('b')])).toEqual(
      { kind: 'decided', state: 'up-to-date', decidedBy: 'repo-digest' },
    );
    // An index that is a RepoDigest is the same index: no GET.
    expect(decideByDigest({ digest: d('a'), mediaType: ociIndex }, [d('a')]).kind).toBe('decided');
  });
  it('a single manifest with another digest is an update', () => {
    expect(decideByDigest({ digest: d('c'), mediaType: dockerManifest }, [d('a')])).toEqual({
      kind: 'decided',
      state: 'update-available',
      decidedBy: 'manifest-digest',
    });
  });
  it('an index with another digest must be read (attestations may be all that changed)', () => {
    expect(decideByDigest({ digest: d('c'), mediaType: ociIndex }, [d('a')])).toEqual({
      kind: 'read-index',
    });
    expect(decideByDigest({ digest: d('c'), mediaType: `${dockerList}; x=y` }, [])).toEqual({
      kind: 'read-index',
    });
  });
});

describe('decideByPlatform', () => {
  const id = d('1');
  it('the platform manifest is a RepoDigest: up to date with no further GET', () => {
    expect(decideByPlatform({ digest: d('a'), configDigest: null }, id, [d('a')])).toEqual({
      kind: 'decided',
      state: 'up-to-date',
      decidedBy: 'platform-manifest',
    });
  });
  it('otherwise the manifest must be read for its config digest', () => {
    expect(decideByPlatform({ digest: d('b'), configDigest: null }, id, [d('a')])).toEqual({
      kind: 'read-manifest',
    });
  });
  it('config digest equal to the image ID: the same image, whatever the index became', () => {
    expect(decideByPlatform({ digest: d('b'), configDigest: id }, id, [d('a')])).toEqual({
      kind: 'decided',
      state: 'up-to-date',
      decidedBy: 'platform-config',
    });
  });
  it('another config: an update', () => {
    expect(decideByPlatform({ digest: d('b'), configDigest: d('2') }, id, [d('a')])).toEqual({
      kind: 'decided',
      state: 'update-available',
      decidedBy: 'platform-config',
    });
  });
  it('the containerd store: the image ID is the manifest digest', () => {
    expect(decideByPlatform({ digest: id, configDigest: null }, id, []).kind).toBe('decided');
  });
});

describe('stateOfError', () => {
  it('maps the registry client codes, anything else is failed', () => {
    expect(stateOfError('REGISTRY_UNREACHABLE')).toBe('registry-offline');
    expect(stateOfError('REGISTRY_AUTH_FAILED')).toBe('unauthorized');
    expect(stateOfError('REGISTRY_RATE_LIMITED')).toBe('rate-limited');
    expect(stateOfError('REGISTRY_NOT_FOUND')).toBe('not-found');
    expect(stateOfError('BAD_MANIFEST')).toBe('failed');
    expect(stateOfError(null)).toBe('failed');
  });
});

describe('imageState', () => {
  const facts = { hasRepoDigests: true, followedTags: 2 };
  it('never up to date while a tag failed', () => {
    expect(imageState(facts, ['up-to-date', 'registry-offline'])).toBe('registry-offline');
    expect(imageState(facts, ['rate-limited', 'up-to-date'])).toBe('rate-limited');
    expect(imageState(facts, ['up-to-date'])).toBe('failed');
  });
  it('an update outranks a failure; failures worst first', () => {
    expect(imageState(facts, ['registry-offline', 'update-available'])).toBe('update-available');
    expect(imageState(facts, ['not-found', 'unauthorized'])).toBe('unauthorized');
  });
  it('up to date only when every tag is', () => {
    expect(imageState(facts, ['up-to-date', 'up-to-date'])).toBe('up-to-date');
  });
  it('names images with nothing to follow', () => {
    expect(imageState({ hasRepoDigests: false, followedTags: 0 }, [])).toBe('not-from-a-registry');
    expect(imageState({ hasRepoDigests: true, followedTags: 0 }, [])).toBe('no-registry-tag');
  });
});

describe('nextCheckDelayMs', () => {
  const hour = 3_600_000;
  it('doubles per failed run, at most 16 times the interval', () => {
    expect(nextCheckDelayMs(hour, 0, null)).toBe(hour);
    expect(nextCheckDelayMs(hour, 1, null)).toBe(2 * hour);
    expect(nextCheckDelayMs(hour, 3, null)).toBe(8 * hour);
    expect(nextCheckDelayMs(hour, 9, null)).toBe(16 * hour);
  });
  it('never before a Retry-After', () => {
    expect(nextCheckDelayMs(hour, 1, 5 * hour)).toBe(5 * hour);
    expect(nextCheckDelayMs(hour, 1, 1000)).toBe(2 * hour);
  });
});

describe('isIndexMediaType and tagsChanged', () => {
  it('knows both index types, with parameters', () => {
    expect(isIndexMediaType(ociIndex)).toBe(true);
    expect(isIndexMediaType(`${dockerList}; charset=utf-8`)).toBe(true);
    expect(isIndexMediaType(dockerManifest)).toBe(false);
  });
  it('compares tag sets, order aside', () => {
    expect(tagsChanged(['a:1', 'b:2'], ['b:2', 'a:1'])).toBe(false);
    expect(tagsChanged(['a:1'], ['a:1', 'b:2'])).toBe(true);
    expect(tagsChanged(['a:1'], ['b:2'])).toBe(true);
  });
});
