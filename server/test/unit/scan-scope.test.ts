import { describe, expect, it } from 'vitest';
import {
  everythingMutable,
  mergeScopes,
  mustReread,
  scopeOfChange,
} from '../../src/domain/scan-scope.js';

const layerOf = (containerId: string) =>
  ({ kind: 'container-layers', self: false, containerId }) as const;
const part = (kind: Parameters<typeof mustReread>[1]['kind']) =>
  ({ kind, self: false, containerId: null }) as const;

describe('scopeOfChange', () => {
  it('reads one container again for its own events, and nothing of the others', () => {
    const scope = scopeOfChange({ resources: ['containers', 'disk'], containerIds: ['a'] });
    expect(mustReread(scope, layerOf('a'))).toBe(true);
    expect(mustReread(scope, { kind: 'containers', self: false, containerId: 'a' })).toBe(true);
    expect(mustReread(scope, layerOf('b'))).toBe(false);
    expect(mustReread(scope, part('volumes'))).toBe(false);
    expect(mustReread(scope, part('image-metadata'))).toBe(false);
  });

  it('reads every container when the event named none', () => {
    const scope = scopeOfChange({ resources: ['containers', 'volumes', 'disk'] });
    expect(mustReread(scope, layerOf('b'))).toBe(true);
    expect(mustReread(scope, { kind: 'containers', self: false, containerId: null })).toBe(true);
    expect(mustReread(scope, part('volumes'))).toBe(true);
  });

  it('reads image metadata and buildkit/ for an image event, no container', () => {
    const scope = scopeOfChange({ resources: ['images', 'build-cache', 'disk'] });
    expect(mustReread(scope, part('image-metadata'))).toBe(true);
    expect(mustReread(scope, part('buildkit'))).toBe(true);
    expect(mustReread(scope, part('build-cache-layers'))).toBe(true);
    expect(mustReread(scope, layerOf('a'))).toBe(false);
    expect(mustReread(scope, part('orphan-layers'))).toBe(false);
  });

  it('always reads the small parts, the directories’ own entries and uncached image layers', () => {
    const scope = scopeOfChange({ resources: ['volumes'] });
    for (const kind of ['overlay2-metadata', 'network', 'tmp', 'other', 'image-layers'] as const) {
      expect(mustReread(scope, part(kind))).toBe(true);
    }
    expect(mustReread(scope, { kind: 'containers', self: true, containerId: null })).toBe(true);
  });
});

describe('mergeScopes', () => {
  it('unites kinds and containers; all containers wins', () => {
    const merged = mergeScopes(
      scopeOfChange({ resources: ['containers'], containerIds: ['a'] }),
      scopeOfChange({ resources: ['containers', 'images'], containerIds: ['b'] }),
    );
    expect([...merged.kinds].sort()).toEqual(['buildkit', 'image-metadata']);
    expect(merged.containers).toEqual(new Set(['a', 'b']));
    expect(mergeScopes(merged, everythingMutable).containers).toBe('all');
  });
});
