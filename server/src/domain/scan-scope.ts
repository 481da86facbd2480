import type { DataRootPartKind } from '@footprint/shared';

/*
 * Which parts of the data root a refresh must read again, from what the engine said changed.
 * Image layer directories never need it (immutable; the scan cache has them). The rest is kept
 * from the previous scan unless a change can have touched it:
 * - a container event: that container's writable and init layers, its containers/<id> and
 *   image/<driver>/layerdb/mounts; a commit also image/ (it makes an image);
 * - an image event: image/ (layer and image metadata) and buildkit/ (a build leaves both);
 *   layer records only of new chains, unless an image was removed;
 * - a volume event: volumes/;
 * - sizes that grew with no event at all (a running container writing, found by the engine
 *   snapshot's background refresh) or a reconnect: every container, volume and build cache.
 * - overlay2/l (a link per layer directory: 5,000 at 2,000 images) and overlay2/'s other files
 *   only when layer directories can have come or gone: an image event, a container's create,
 *   commit or removal (not its start or die, which came with every `docker run`).
 * The data root's own entries and the small top-level parts are always read again: they cost a
 * few directories.
 */

export interface ScanScope {
  /** Parts read again whole. */
  kinds: ReadonlySet<DataRootPartKind>;
  /** Containers whose directories are read again; 'all' for every one. */
  containers: ReadonlySet<string> | 'all';
  /**
   * An image was removed, so layer records and directories may be gone (or made again under
   * the same chain ID): every layer record is read again. Other image events only add them.
   */
  layersRemoved: boolean;
  /** Layer directories may have been made or removed: overlay2/l changed. */
  linksChanged: boolean;
}

/** Container actions that make or remove a layer directory (and its link in overlay2/l). */
const layerActions = new Set(['create', 'commit', 'destroy', 'prune']);

/** Everything that can change without the engine saying so: what a plain refresh reads. */
export const everythingMutable: ScanScope = {
  kinds: new Set<DataRootPartKind>([
    'image-metadata',
    'volumes',
    'buildkit',
    'build-cache-layers',
    'orphan-layers',
  ]),
  containers: 'all',
  layersRemoved: true,
  linksChanged: true,
};

/** Parts that are always read again: small, and not worth tracking. */
const alwaysRead = new Set<DataRootPartKind>(['network', 'plugins', 'tmp', 'swarm', 'other']);

/** One engine event, as far as the scope needs it. */
export interface EngineChange {
  /** The event's Type: image, container, volume, … */
  type: string;
  action: string;
  /** The image ID, container ID or volume name the event is about. */
  actorId: string | null;
}

/**
 * A container event after which an image may exist that no image event announced: a commit,
 * and the destroy of a legacy-builder step's container. The legacy builder (`docker build` on
 * an engine without BuildKit, Debian's 20.10 among them) commits each step's container with no
 * event (moby daemon/images/image_commit.go, CommitBuildStep) and then removes it; an untagged
 * build ends with no image event at all, so the destroy is the only sign of its images.
 */
export function mayMakeImage(change: EngineChange): boolean {
  return change.type === 'container' && (change.action === 'commit' || change.action === 'destroy');
}

export function scopeOfEngineEvent(change: EngineChange): ScanScope {
  const scope: { kinds: Set<DataRootPartKind>; layersRemoved: boolean; linksChanged: boolean } = {
    kinds: new Set(),
    layersRemoved: false,
    // Any other kind of event (a builder's, a plugin's): as if layers changed, to be safe.
    linksChanged: change.type !== 'volume' && change.type !== 'container',
  };
  const { kinds } = scope;
  if (change.type === 'image') {
    kinds.add('image-metadata').add('buildkit');
    scope.layersRemoved = change.action === 'delete';
  }
  if (change.type === 'volume') kinds.add('volumes');
  if (change.type === 'container') {
    // An anonymous volume a create makes or a `rm -v` removes has its own volume event.
    if (mayMakeImage(change)) kinds.add('image-metadata').add('buildkit');
    return {
      kinds,
      containers: change.actorId !== null ? new Set([change.actorId]) : 'all',
      layersRemoved: false,
      linksChanged: layerActions.has(change.action),
    };
  }
  return { ...scope, containers: new Set() };
}

export function mergeScopes(a: ScanScope, b: ScanScope): ScanScope {
  return {
    layersRemoved: a.layersRemoved || b.layersRemoved,
    linksChanged: a.linksChanged || b.linksChanged,
    kinds: new Set([...a.kinds, ...b.kinds]),
    containers:
      a.containers === 'all' || b.containers === 'all'
        ? 'all'
        : new Set([...a.containers, ...b.containers]),
  };
}

/** One entry of the data root as a scan plans it, as far as the scope decides. */
export interface ScopedEntry {
  kind: DataRootPartKind;
  /** The directory's own entry only (the data root, overlay2/, containers/). */
  self: boolean;
  /**
   * The container the entry belongs to (containers/<id>, or its layers in overlay2/), or
   * anyContainer for one every container writes (image/<driver>/layerdb/mounts).
   */
  containerId: string | null;
}

export const anyContainer = '*';

/** Whether the entry must be read again, or its figures from the previous scan still hold. */
export function mustReread(scope: ScanScope, entry: ScopedEntry): boolean {
  // Image layers that reach this question are not in the layer cache: new, read with errors, or
  // still being written (containers/storage's incomplete flag).
  if (entry.self || alwaysRead.has(entry.kind) || entry.kind === 'image-layers') return true;
  if (entry.kind === 'overlay2-metadata') return scope.linksChanged;
  if (entry.containerId === anyContainer) {
    return scope.containers === 'all' || scope.containers.size > 0;
  }
  if (entry.containerId !== null) {
    return scope.containers === 'all' || scope.containers.has(entry.containerId);
  }
  // containers/<x> that no container claims (a leftover): read it whenever containers changed.
  if (entry.kind === 'containers') return scope.containers === 'all';
  return scope.kinds.has(entry.kind);
}
