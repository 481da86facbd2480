import type { FileKind, LayerEntry } from './layer-entry.js';
import { rawNameBase64, segmentBytes, segmentKey } from './tree-names.js';

/*
 * A layer's tree, and the merged tree of a stack of layers, read with overlay's rules (the OCI
 * image spec, "Representing changes"): ".wh.<name>" deletes <name> from the layers below,
 * ".wh..wh..opq" hides everything the layers below have in that directory, a directory over a
 * directory merges, anything else replaces. Trees are immutable: a merged tree shares every
 * directory a layer did not touch with the tree below it, so a stack costs what its layers add.
 */

export type Change = 'added' | 'modified' | 'deleted';

export interface FileNode {
  /** Key of the name (tree-names.ts); '' for the root. */
  name: string;
  kind: FileKind;
  /** The entry's own tar size; 0 for directories and for deleted entries. */
  bytes: number;
  mode: number;
  uid: number;
  gid: number;
  linkTarget: string | null;
  /** Index of the image layer the entry comes from, bottom layer 0. */
  layer: number;
  /** Relative to the layers below the entry's layer. */
  change: Change;
  /** What removed a deleted entry: a whiteout file, or an opaque directory above it. */
  deletedBy: 'whiteout' | 'opaque' | null;
  /** The directory hides whatever the layers below had in it. */
  opaque: boolean;
  /** Bytes below that this entry replaces (a file over a file, say); 0 for a merged directory. */
  replacedBytes: number;
  children: ReadonlyMap<string, FileNode> | null;
  /** Bytes stored at and under this entry (layer view), or visible there (merged view). */
  apparentBytes: number;
  /** Non-directory entries at and under this one, deleted ones left out. */
  fileCount: number;
  /** Bytes of the layers below that this entry, or anything under it, deletes. */
  deletedBytes: number;
}

export type WasteFate = 'overwritten' | 'deleted' | 'hidden';

/** One copy of a file that a later layer overwrote or deleted: bytes no container ever sees. */
export interface WasteCopy {
  /** Key segments of the file's path. */
  path: string[];
  layer: number;
  bytes: number;
  fate: WasteFate;
  byLayer: number;
}

export interface StackedLayer {
  /** The layer's own tree, each entry marked against the layers below. */
  tree: FileNode;
  /** What a container of this stack sees. */
  merged: FileNode;
  waste: WasteCopy[];
}

interface RawNode {
  entry: LayerEntry | null;
  whiteout: boolean;
  opaque: boolean;
  children: Map<string, RawNode>;
}

const opaqueMarker = '.wh..wh..opq';
const whiteoutPrefix = '.wh.';
const whiteoutPrefixBytes = Buffer.from(whiteoutPrefix);

function rawNode(): RawNode {
  return { entry: null, whiteout: false, opaque: false, children: new Map() };
}

/** The name a whiteout deletes, or null when the key is no whiteout. Works on raw names too. */
export function whiteoutTarget(key: string): string | null {
  if (rawNameBase64(key) === null) {
    return key.startsWith(whiteoutPrefix) ? key.slice(whiteoutPrefix.length) : null;
  }
  const bytes = segmentBytes(key);
  if (Buffer.compare(bytes.subarray(0, 4), whiteoutPrefixBytes) !== 0) return null;
  return segmentKey(bytes.subarray(4));
}

function rawTree(entries: readonly LayerEntry[]): RawNode {
  const root = rawNode();
  const walk = (segments: readonly string[]): RawNode => {
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = rawNode();
        node.children.set(segment, child);
      }
      node = child;
    }
    return node;
  };
  for (const entry of entries) {
    if (entry.path === '') continue;
    const segments = entry.path.split('/');
    const name = segments.pop() as string;
    if (name === opaqueMarker) {
      walk(segments).opaque = true;
      continue;
    }
    const target = whiteoutTarget(name);
    // Other ".wh..wh." names are aufs bookkeeping (hard-link dirs), never files of the image.
    if (target !== null && name.startsWith('.wh..wh.')) continue;
    if (target !== null) {
      walk([...segments, target]).whiteout = true;
      continue;
    }
    walk([...segments, name]).entry = entry;
  }
  return root;
}

function isDir(node: FileNode | null | undefined): node is FileNode {
  return node?.kind === 'dir';
}

/** Every non-directory entry under (and including) node, with its path. */
export function* filesUnder(
  node: FileNode,
  path: string[],
): Generator<{ path: string[]; node: FileNode }> {
  if (node.children === null) {
    if (node.kind !== 'dir') yield { path, node };
    return;
  }
  for (const [name, child] of node.children) yield* filesUnder(child, [...path, name]);
}

function withAggregates(
  base: Omit<FileNode, 'apparentBytes' | 'fileCount' | 'deletedBytes'>,
): FileNode {
  let apparentBytes = base.change === 'deleted' ? 0 : base.bytes;
  let fileCount = base.kind === 'dir' || base.change === 'deleted' ? 0 : 1;
  let deletedBytes = base.change === 'deleted' ? base.replacedBytes : 0;
  for (const child of base.children?.values() ?? []) {
    apparentBytes += child.apparentBytes;
    fileCount += child.fileCount;
    deletedBytes += child.deletedBytes;
  }
  return { ...base, apparentBytes, fileCount, deletedBytes };
}

function deletedNode(
  name: string,
  lower: FileNode | undefined,
  layer: number,
  by: 'whiteout' | 'opaque',
): FileNode {
  return withAggregates({
    name,
    kind: lower?.kind ?? 'file',
    bytes: 0,
    mode: lower?.mode ?? 0,
    uid: lower?.uid ?? 0,
    gid: lower?.gid ?? 0,
    linkTarget: lower?.linkTarget ?? null,
    layer,
    change: 'deleted',
    deletedBy: by,
    opaque: false,
    replacedBytes: lower?.apparentBytes ?? 0,
    children: null,
  });
}

/**
 * Marks one layer's raw tree against the merged tree below it (`lower`, a directory visible at
 * the same path, or null) and collects the copies it makes unreachable.
 */
function markLayer(
  raw: RawNode,
  name: string,
  path: string[],
  lower: FileNode | null,
  replaced: FileNode | null,
  layer: number,
  waste: WasteCopy[],
): FileNode {
  const entry = raw.entry;
  const kind: FileKind = entry?.kind ?? 'dir';
  const lose = (gone: FileNode, at: string[], fate: WasteFate) => {
    for (const file of filesUnder(gone, at)) {
      if (file.node.bytes > 0) {
        waste.push({
          path: file.path,
          layer: file.node.layer,
          bytes: file.node.bytes,
          fate,
          byLayer: layer,
        });
      }
    }
  };
  let children: Map<string, FileNode> | null = null;
  if (kind === 'dir') {
    children = new Map();
    const below = raw.opaque ? null : lower;
    for (const [childName, child] of raw.children) {
      const childPath = [...path, childName];
      const existing = lower?.children?.get(childName);
      if (child.whiteout && child.entry === null && child.children.size === 0) {
        children.set(childName, deletedNode(childName, existing, layer, 'whiteout'));
        if (existing !== undefined) lose(existing, childPath, 'deleted');
        continue;
      }
      const childIsDir = (child.entry?.kind ?? 'dir') === 'dir';
      const merges = childIsDir && below !== null && isDir(existing);
      if (existing !== undefined && !merges) {
        lose(existing, childPath, raw.opaque ? 'hidden' : 'overwritten');
      }
      children.set(
        childName,
        markLayer(
          child,
          childName,
          childPath,
          merges ? (existing as FileNode) : null,
          merges ? null : (existing ?? null),
          layer,
          waste,
        ),
      );
    }
    if (raw.opaque && lower?.children) {
      for (const [childName, hidden] of lower.children) {
        if (children.has(childName)) continue;
        children.set(childName, deletedNode(childName, hidden, layer, 'opaque'));
        lose(hidden, [...path, childName], 'hidden');
      }
    }
  }
  const existed = lower ?? replaced;
  return withAggregates({
    name,
    kind,
    bytes: entry === null || kind === 'dir' ? 0 : entry.bytes,
    // A directory the tar names only as a parent keeps what the layer below had.
    mode: entry?.mode ?? existed?.mode ?? 0o755,
    uid: entry?.uid ?? existed?.uid ?? 0,
    gid: entry?.gid ?? existed?.gid ?? 0,
    linkTarget: entry?.linkTarget ?? null,
    layer,
    change: existed === null ? 'added' : 'modified',
    deletedBy: null,
    opaque: raw.opaque,
    replacedBytes: replaced?.apparentBytes ?? 0,
    children,
  });
}

/** The layer's directory `upper` laid over the merged directory `lower`. */
function mergeDir(lower: FileNode | null, upper: FileNode): FileNode {
  const children = new Map(lower !== null && !upper.opaque ? lower.children : []);
  for (const [name, child] of upper.children ?? []) {
    if (child.change === 'deleted') {
      children.delete(name);
    } else if (child.kind === 'dir') {
      const below = children.get(name);
      children.set(name, mergeDir(isDir(below) && !upper.opaque ? below : null, child));
    } else {
      children.set(name, child);
    }
  }
  return withAggregates({ ...upper, children });
}

function emptyRoot(): FileNode {
  return withAggregates({
    name: '',
    kind: 'dir',
    bytes: 0,
    mode: 0o755,
    uid: 0,
    gid: 0,
    linkTarget: null,
    layer: 0,
    change: 'added',
    deletedBy: null,
    opaque: false,
    replacedBytes: 0,
    children: new Map(),
  });
}

/** Lays layer `layer` (its tar entries) over the merged tree of the layers below it. */
export function stackLayer(
  entries: readonly LayerEntry[],
  below: FileNode | null,
  layer: number,
): StackedLayer {
  const waste: WasteCopy[] = [];
  const lower = below ?? emptyRoot();
  const tree = markLayer(rawTree(entries), '', [], lower, null, layer, waste);
  // The root exists below every layer but the first.
  const rootTree: FileNode = { ...tree, change: below === null ? 'added' : 'modified' };
  return { tree: rootTree, merged: mergeDir(lower, rootTree), waste };
}

/** Every layer of an image stacked, bottom first. */
export function stackImage(layers: readonly (readonly LayerEntry[])[]): StackedLayer[] {
  const stacked: StackedLayer[] = [];
  let below: FileNode | null = null;
  for (const [index, entries] of layers.entries()) {
    const result = stackLayer(entries, below, index);
    stacked.push(result);
    below = result.merged;
  }
  return stacked;
}

export function findNode(root: FileNode, segments: readonly string[]): FileNode | null {
  let node: FileNode | undefined = root;
  for (const segment of segments) {
    node = node.children?.get(segment);
    if (node === undefined) return null;
  }
  return node;
}
