import type { LayerEntry } from './layer-entry.js';
import { flag, type PackedLayer } from './packed-layer.js';
import { compareKeys, segmentBytes, segmentKey } from './tree-names.js';

/*
 * dive's "image efficiency score" and "wasted bytes", computed as dive computes them
 * (wagoodman/dive, dive/filetree/efficiency.go and dive/image/analysis.go, v0.13), so that users
 * can compare the two tools. Reimplemented from its rules, quirks included:
 * - per layer, dive visits only the leaves of the layer's own tree: files, links, empty
 *   directories and whiteouts; ".wh..wh..opq" entries are dropped, so opaque directories cost
 *   nothing;
 * - a whiteout of a file counts 0 bytes; a whiteout of a directory counts the size of all it
 *   held (in dive's stacked tree of the layers below), under the directory's own path, as a
 *   "minimum" too, so deleting a directory never lowers the score;
 * - score = Σ smallest copy per path / Σ every copy per path (1 when nothing has bytes);
 * - wastedBytes sums every copy of each path seen twice or more, the kept one included
 *   (dive issue 684), and userWastedPercent divides that by the bytes of all layers but the
 *   first;
 * - a whiteout whose path dive's stacked tree lacks aborts the rest of that layer's visit and
 *   leaves that path's minimum at -1, which the score then adds.
 * Our own figures (waste.ts) follow overlay's rules instead.
 */

/** What dive reads of a layer: its tar entries, whiteouts as ".wh." files. */
export type DiveEntry = Pick<LayerEntry, 'path' | 'kind' | 'bytes'>;

const whiteoutBytes = new TextEncoder().encode('.wh.');

/**
 * A stacked layer's tar entries again: the ones the tar had, and a ".wh." file for each name a
 * whiteout deletes. Opaque markers are left out, as dive drops them.
 */
export function diveEntries(packed: PackedLayer): DiveEntry[] {
  const entries: DiveEntry[] = [];
  const walk = (dir: number, prefix: string) => {
    const first = packed.firstChild(dir);
    for (let node = first; node < first + packed.childCount(dir); node++) {
      const name = packed.name(node);
      if (packed.has(node, flag.deletedByWhiteout)) {
        const bytes = segmentBytes(name);
        const whiteout = new Uint8Array(whiteoutBytes.length + bytes.length);
        whiteout.set(whiteoutBytes);
        whiteout.set(bytes, whiteoutBytes.length);
        entries.push({ path: prefix + segmentKey(whiteout), kind: 'file', bytes: 0 });
        continue;
      }
      if (packed.isDeleted(node)) continue;
      const path = prefix + name;
      if (packed.has(node, flag.explicit)) {
        entries.push({ path, kind: packed.kind(node), bytes: packed.f64('bytes', node) });
      }
      if (packed.isDir(node)) walk(node, `${path}/`);
    }
  };
  walk(0, '');
  return entries;
}

/**
 * A node of dive's file tree. Its payload (size, directory or not) is held in place, and a leaf
 * has no map: an image of 60,000 entries made 60,000 maps and payload objects, most of the
 * analysis' memory.
 */
interface DiveNode {
  name: string;
  size: number;
  isDir: boolean;
  /** null until a child is added. */
  children: Map<string, DiveNode> | null;
}

export interface DiveInefficiency {
  path: string;
  count: number;
  cumulativeBytes: number;
}

export interface DiveResult {
  efficiency: number;
  sizeBytes: number;
  userSizeBytes: number;
  wastedBytes: number;
  /** wastedBytes / userSizeBytes; null where dive would divide by zero. */
  userWastedPercent: number | null;
  inefficiencies: DiveInefficiency[];
}

const whiteoutPrefix = '.wh.';
const doubleWhiteoutPrefix = '.wh..wh..';

function node(name: string, size = 0, isDir = false): DiveNode {
  return { name, size, isDir, children: null };
}

/** dive's FileTree.AddPath: creates missing parents with empty info, replaces the payload. */
function addPath(root: DiveNode, segments: readonly string[], size: number, isDir: boolean): void {
  let current = root;
  for (let index = 0; index < segments.length; index++) {
    const name = segments[index] as string;
    let child = current.children?.get(name);
    if (child === undefined) {
      if (name.startsWith(doubleWhiteoutPrefix)) return;
      child = node(name);
      (current.children ??= new Map()).set(name, child);
    }
    current = child;
    if (index === segments.length - 1) {
      current.size = size;
      current.isDir = isDir;
    }
  }
}

function getNode(root: DiveNode, segments: readonly string[]): DiveNode | null {
  let current: DiveNode | undefined = root;
  for (const name of segments) {
    current = current.children?.get(name);
    if (current === undefined) return null;
  }
  return current;
}

function copyTree(source: DiveNode): DiveNode {
  const copy = node(source.name, source.size, source.isDir);
  if (source.children !== null) {
    copy.children = new Map();
    for (const [name, child] of source.children) copy.children.set(name, copyTree(child));
  }
  return copy;
}

/**
 * dive's VisitDepthChildFirst: children in sorted order first, then the node itself (the root
 * is not visited). `path` is the walk's own array, the node's segments while it is visited: a
 * visitor copies what it keeps. A visitor returning false ends the walk; so does this, then.
 */
function visitChildFirst(
  current: DiveNode,
  path: string[],
  visit: (node: DiveNode, path: string[]) => boolean,
): boolean {
  if (current.children !== null) {
    const names = [...current.children.keys()].sort(compareKeys);
    for (const name of names) {
      path.push(name);
      const going = visitChildFirst(current.children.get(name) as DiveNode, path, visit);
      path.pop();
      if (!going) return false;
    }
  }
  return path.length === 0 || visit(current, path);
}

const isWhiteout = (n: DiveNode) => n.name.startsWith(whiteoutPrefix);

/** dive's FileNode.Path: the whiteout prefix dropped from the node's own name only. */
function whiteoutPath(path: readonly string[], n: DiveNode): string[] {
  return [...path.slice(0, -1), n.name.slice(whiteoutPrefix.length)];
}

function layerTree(entries: readonly DiveEntry[]): DiveNode {
  const root = node('');
  for (const entry of entries) {
    if (entry.path === '') continue;
    addPath(root, entry.path.split('/'), entry.bytes, entry.kind === 'dir');
  }
  return root;
}

/** dive's StackTreeRange(trees, 0, upTo): a copy of the first tree, then 0..upTo stacked. */
function stackedBelow(trees: readonly DiveNode[], upTo: number): DiveNode {
  const stacked = copyTree(trees[0] as DiveNode);
  for (let index = 0; index <= upTo; index++) {
    visitChildFirst(trees[index] as DiveNode, [], (visited, path) => {
      if (isWhiteout(visited)) {
        const segments = whiteoutPath(path, visited);
        const gone = getNode(stacked, segments);
        const parent = getNode(stacked, segments.slice(0, -1));
        if (gone !== null && parent !== null) parent.children?.delete(gone.name);
      } else {
        addPath(stacked, path, visited.size, visited.isDir);
      }
      return true;
    });
  }
  return stacked;
}

function subtreeSize(n: DiveNode): number {
  let size = n.size;
  for (const child of n.children?.values() ?? []) size += subtreeSize(child);
  return size;
}

/**
 * dive's figures for a stack, bottom layer first. The layers are taken one at a time (an
 * iterable: the caller need not hold every layer's entries at once).
 */
export function diveEfficiency(layers: Iterable<readonly DiveEntry[]>): DiveResult {
  const trees: DiveNode[] = [];
  const layerSizes: number[] = [];
  for (const entries of layers) {
    trees.push(layerTree(entries));
    layerSizes.push(entries.reduce((sum, entry) => sum + (entry.path === '' ? 0 : entry.bytes), 0));
  }
  const byPath = new Map<string, { count: number; cumulative: number; min: number }>();
  const matches: string[] = [];

  for (const [index, tree] of trees.entries()) {
    let stacked: DiveNode | null = null;
    visitChildFirst(tree, [], (visited, path) => {
      if (visited.children !== null && visited.children.size > 0) return true;
      const segments = isWhiteout(visited) ? whiteoutPath(path, visited) : path;
      const key = `/${segments.join('/')}`;
      let data = byPath.get(key);
      if (data === undefined) {
        data = { count: 0, cumulative: 0, min: -1 };
        byPath.set(key, data);
      }
      let size = 0;
      if (isWhiteout(visited)) {
        stacked ??= stackedBelow(trees, index - 1);
        const previous = getNode(stacked, segments);
        if (previous === null) return false;
        if (previous.isDir) size = subtreeSize(previous);
      } else {
        size = visited.size;
      }
      data.cumulative += size;
      if (data.min < 0 || size < data.min) data.min = size;
      data.count++;
      if (data.count === 2) matches.push(key);
      return true;
    });
  }

  let minimum = 0;
  let discovered = 0;
  for (const data of byPath.values()) {
    minimum += data.min;
    discovered += data.cumulative;
  }
  const sizeBytes = layerSizes.reduce((sum, size) => sum + size, 0);
  const userSizeBytes = sizeBytes - (layerSizes[0] ?? 0);
  const inefficiencies = matches
    .map((path) => {
      const data = byPath.get(path) as { count: number; cumulative: number };
      return { path, count: data.count, cumulativeBytes: data.cumulative };
    })
    .sort((a, b) => b.cumulativeBytes - a.cumulativeBytes || compareKeys(a.path, b.path));
  const wastedBytes = inefficiencies.reduce((sum, file) => sum + file.cumulativeBytes, 0);
  return {
    efficiency: discovered === 0 ? 1 : minimum / discovered,
    sizeBytes,
    userSizeBytes,
    wastedBytes,
    userWastedPercent: userSizeBytes === 0 ? null : wastedBytes / userSizeBytes,
    inefficiencies,
  };
}
