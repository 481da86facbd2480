import type { TreeEntry } from '@footprint/shared';
import type { FileNode } from './file-tree.js';
import { displayName, displayPathOf, rawNameBase64 } from './tree-names.js';

/**
 * A tree node as the API sends it. `layer` is the layer being listed: in the merged view an
 * entry from a lower layer is "unchanged" there.
 */
export function toTreeEntry(
  node: FileNode,
  path: readonly string[],
  listedLayer: number,
  view: 'layer' | 'merged',
): TreeEntry {
  const fromBelow = view === 'merged' && node.layer !== listedLayer && node.change !== 'deleted';
  return {
    name: path.length === 0 ? '/' : displayName(node.name),
    nameBytes: rawNameBase64(node.name),
    path: `/${path.join('/')}`,
    displayPath: displayPathOf(path),
    kind: node.kind,
    mode: node.mode,
    uid: node.uid,
    gid: node.gid,
    linkTarget: node.linkTarget === null ? null : displayName(node.linkTarget),
    layer: node.layer,
    change: fromBelow ? 'unchanged' : node.change,
    deletedBy: node.deletedBy,
    opaque: node.opaque,
    apparentBytes: node.apparentBytes,
    fileCount: node.fileCount,
    replacedBytes: fromBelow ? 0 : node.replacedBytes,
    deletedBytes: node.deletedBytes,
    hasChildren: (node.children?.size ?? 0) > 0,
  };
}
