import { describe, expect, it } from 'vitest';
import {
  anyContainer,
  everythingMutable,
  mergeScopes,
  mustReread,
  type ScanScope,
  scopeOfEngineEvent,
} from '../../src/domain/scan-scope.js';

const layerOf = (containerId: string) =>
  ({ kind: 'container-layers', self: false, containerId }) as const;
const part = (kind: Parameters<typeof mustReread>[1]['kind']) =>
  ({ kind, self: false, containerId: null }) as const;
const container = (action: string, id: string | null = 'a') =>
  scopeOfEngineEvent({ type: 'container', action, actorId: id });

describe('scopeOfEngineEvent', () => {
  it('reads one container again after its die, and nothing of the others', () => {
    const scope = container('die');
    expect(mustReread(scope, layerOf('a'))).toBe(true);
    expect(mustReread(scope, { kind: 'containers', self: false, containerId: 'a' })).toBe(true);
    expect(mustReread(scope, layerOf('b'))).toBe(false);
    expect(mustReread(scope, part('volumes'))).toBe(false);
    expect(mustReread(scope, part('image-metadata'))).toBe(false);
  });

  it('reads layerdb/mounts for any container event, and no volume without a volume event', () => {
    const mounts = { kind: 'image-metadata', self: false, containerId: anyContainer } as const;
    for (const action of ['create', 'destroy', 'die']) {
      const scope = container(action);
      expect(mustReread(scope, mounts)).toBe(true);
      expect(mustReread(scope, part('volumes'))).toBe(false);
      expect(mustReread(scope, part('image-metadata'))).toBe(action === 'destroy');
      expect(mustReread(scope, layerOf('b'))).toBe(false);
    }
    const tag = scopeOfEngineEvent({ type: 'image', action: 'tag', actorId: 'x' });
    expect(mustReread(tag, mounts)).toBe(false);
    // A commit makes an image; so does a legacy-builder step, whose only event is the destroy
    // of its container.
    expect(mustReread(container('commit'), part('image-metadata'))).toBe(true);
    expect(mustReread(container('destroy'), part('image-metadata'))).toBe(true);
  });

  it('reads every layer record again only when an image was removed', () => {
    const image = (action: string) => scopeOfEngineEvent({ type: 'image', action, actorId: 'x' });
    expect(image('load').layersRemoved).toBe(false);
    expect(image('tag').layersRemoved).toBe(false);
    expect(image('delete').layersRemoved).toBe(true);
    expect(mergeScopes(image('load'), image('delete')).layersRemoved).toBe(true);
    expect(container('destroy').layersRemoved).toBe(false);
    expect(everythingMutable.layersRemoved).toBe(true);
  });

  it('reads every container when the event named none', () => {
    const scope = container('die', null);
    expect(mustReread(scope, layerOf('b'))).toBe(true);
    expect(mustReread(scope, { kind: 'containers', self: false, containerId: null })).toBe(true);
  });

  it('reads image metadata and buildkit/ for an image event, no container', () => {
    const scope = scopeOfEngineEvent({ type: 'image', action: 'load', actorId: 'sha256:1' });
    expect(mustReread(scope, part('image-metadata'))).toBe(true);
    expect(mustReread(scope, part('buildkit'))).toBe(true);
    expect(mustReread(scope, layerOf('a'))).toBe(false);
    expect(mustReread(scope, part('orphan-layers'))).toBe(false);
  });

  it('reads volumes/ for a volume event', () => {
    const scope = scopeOfEngineEvent({ type: 'volume', action: 'destroy', actorId: 'v' });
    expect([...scope.kinds]).toEqual(['volumes']);
    expect(mustReread(scope, layerOf('a'))).toBe(false);
  });

  it('always reads the small parts, the directories’ own entries and uncached image layers', () => {
    // Nothing changed at all.
    const scope: ScanScope = {
      kinds: new Set(),
      containers: new Set(),
      layersRemoved: false,
      linksChanged: false,
    };
    for (const kind of ['network', 'tmp', 'other', 'image-layers'] as const) {
      expect(mustReread(scope, part(kind))).toBe(true);
    }
    expect(mustReread(scope, { kind: 'containers', self: true, containerId: null })).toBe(true);
    expect(mustReread(scope, part('volumes'))).toBe(false);
    expect(mustReread(scope, part('overlay2-metadata'))).toBe(false);
    expect(mustReread(scope, { kind: 'overlay2-metadata', self: true, containerId: null })).toBe(
      true,
    );
  });

  it('reads overlay2/l again when layer directories can have come or gone, not for a die', () => {
    const links = part('overlay2-metadata');
    for (const action of ['create', 'commit', 'destroy', 'prune'])
      expect(mustReread(container(action), links), action).toBe(true);
    for (const action of ['start', 'die', 'attach', 'stop', 'kill'])
      expect(mustReread(container(action), links), action).toBe(false);
    for (const action of ['load', 'pull', 'delete', 'tag'])
      expect(mustReread(scopeOfEngineEvent({ type: 'image', action, actorId: 'x' }), links)).toBe(
        true,
      );
    const volume = scopeOfEngineEvent({ type: 'volume', action: 'create', actorId: 'v' });
    expect(mustReread(volume, links)).toBe(false);
    expect(mustReread(everythingMutable, links)).toBe(true);
    expect(mustReread(mergeScopes(container('die'), container('create')), links)).toBe(true);
  });
});

describe('mergeScopes', () => {
  it('unites kinds and containers; all containers wins', () => {
    const merged = mergeScopes(
      container('die', 'a'),
      mergeScopes(
        container('start', 'b'),
        scopeOfEngineEvent({ type: 'image', action: 'tag', actorId: 'sha256:1' }),
      ),
    );
    expect([...merged.kinds].sort()).toEqual(['buildkit', 'image-metadata']);
    expect(merged.containers).toEqual(new Set(['a', 'b']));
    expect(mergeScopes(merged, everythingMutable).containers).toBe('all');
  });
});
