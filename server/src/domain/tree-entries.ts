import type { TreeEntry } from '@footprint/shared';
import { changeOf, deletedByOf } from './file-tree.js';
import type { MergedView } from './merged-view.js';
import { flag } from './packed-layer.js';
import type { ViewNode } from './tree-listing.js';
import { displayName, displayPathOf, rawNameBase64 } from './tree-names.js';

/**
 * A node as the API sends it. The view's top layer is the layer being listed: in the merged
 * view an entry from a lower layer is "unchanged" there, and figures are what is visible.
 */
export function toTreeEntry(
  view: MergedView,
  item: ViewNode,
  path: readonly string[],
  mode: 'layer' | 'merged',
): TreeEntry {
  const packed = view.packed(item.layer);
  const { node } = item;
  const deleted = packed.isDeleted(node);
  const merged = mode === 'merged';
  const fromBelow = merged && item.layer !== view.top && !deleted;
  const name = packed.name(node);
  let hasChildren = packed.childCount(node) > 0;
  if (merged) hasChildren = item.refs !== null && packed.isDir(node) && view.hasChildren(item.refs);
  return {
    name: path.length === 0 ? '/' : displayName(name),
    nameBytes: rawNameBase64(name),
    path: `/${path.join('/')}`,
    displayPath: displayPathOf(path),
    kind: packed.kind(node),
    // A deletion is a whiteout file or an opaque directory's hiding: it has no mode or owner.
    mode: deleted ? null : packed.mode(node),
    uid: deleted ? null : packed.u32('uid', node),
    gid: deleted ? null : packed.u32('gid', node),
    linkTarget: ((target) => (target === null ? null : displayName(target)))(
      packed.linkTarget(node),
    ),
    layer: item.layer,
    change: fromBelow ? 'unchanged' : changeOf(packed, node),
    // The entry's node is the topmost layer's: the last layer to change it, or under it.
    lastChange: { layer: item.layer, change: changeOf(packed, node) },
    deletedBy: deletedByOf(packed, node),
    opaque: packed.has(node, flag.opaque),
    apparentBytes:
      merged && !deleted ? packed.f64('mergedApparent', node) : packed.f64('apparent', node),
    fileCount:
      merged && !deleted ? packed.u32('mergedFileCount', node) : packed.u32('fileCount', node),
    replacedBytes: fromBelow ? 0 : packed.f64('replaced', node),
    deletedBytes: merged && !deleted ? 0 : packed.f64('deleted', node),
    hasChildren,
  };
}
