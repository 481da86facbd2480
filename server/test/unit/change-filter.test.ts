import type { TreeChange } from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import { changeBits, keepsEntry, shownChange } from '../../src/domain/change-filter.js';
import { stackImage } from '../../src/domain/file-tree.js';
import type { LayerEntry } from '../../src/domain/layer-entry.js';
import { MergedView } from '../../src/domain/merged-view.js';
import type { PackedLayer } from '../../src/domain/packed-layer.js';
import { gatherMerged, type ViewNode } from '../../src/domain/tree-listing.js';

const file = (path: string, bytes = 1): LayerEntry => ({
  path,
  kind: 'file',
  bytes,
  mode: 0o644,
  uid: 0,
  gid: 0,
  linkTarget: null,
});
const dir = (path: string): LayerEntry => ({ ...file(path, 0), kind: 'dir', mode: 0o755 });

/*
 * Layer 0: a/ (x, y), b/ (z), c/ (w), d/ (empty), keep.
 * Layer 1: replaces a/x and a/y (a/ shows nothing from below any more), deletes b/z, makes c/
 * opaque with c/new, adds e/f, leaves d/ and keep alone.
 */
const layers = stackImage([
  [
    dir('a'),
    file('a/x'),
    file('a/y'),
    dir('b'),
    file('b/z'),
    dir('c'),
    file('c/w'),
    dir('d'),
  ].concat([file('keep')]),
  [
    dir('a'),
    file('a/x', 2),
    file('a/y', 2),
    dir('b'),
    file('b/.wh.z', 0),
    dir('c'),
    file('c/.wh..wh..opq', 0),
    file('c/new'),
    dir('e'),
    file('e/f'),
  ],
]);
const merged = new MergedView(layers);
// A layer's own tree, as the explorer opens it: only that layer, at its index.
const ownLayers: PackedLayer[] = [];
ownLayers[1] = layers[1] as PackedLayer;
const own = new MergedView(ownLayers);
const encoder = new TextEncoder();

/** The root's children in the merged view, with the top layer's deletions put back. */
function mergedRoot(): ViewNode[] {
  return gatherMerged(merged, merged.root(), 0, 'name');
}

function layerRoot(): ViewNode[] {
  const top = own.packed(1);
  return Array.from({ length: top.childCount(0) }, (_, k) => ({
    layer: 1,
    node: top.firstChild(0) + k,
    refs: null,
  }));
}

const nameOf = (view: MergedView, item: ViewNode) => view.packed(item.layer).name(item.node);

function kept(
  view: MergedView,
  items: ViewNode[],
  mode: 'layer' | 'merged',
  changes: TreeChange[],
) {
  const mask = changeBits(changes);
  return items.filter((item) => keepsEntry(view, item, mode, mask)).map((i) => nameOf(view, i));
}

describe('the change filter', () => {
  it('marks what is below the top unchanged in the merged view only', () => {
    const byName = Object.fromEntries(mergedRoot().map((item) => [nameOf(merged, item), item]));
    expect(shownChange(merged, byName.keep as ViewNode, 'merged')).toBe('unchanged');
    expect(shownChange(merged, byName.a as ViewNode, 'merged')).toBe('modified');
    expect(shownChange(merged, byName.e as ViewNode, 'merged')).toBe('added');
  });

  it('keeps, in a layer, entries of the types asked and the directories that hold one', () => {
    expect(kept(own, layerRoot(), 'layer', ['added'])).toEqual(['c', 'e']);
    expect(kept(own, layerRoot(), 'layer', ['deleted'])).toEqual(['b', 'c']);
    expect(kept(own, layerRoot(), 'layer', ['modified'])).toEqual(['a', 'b', 'c']);
    expect(kept(own, layerRoot(), 'layer', ['added', 'modified', 'deleted'])).toEqual([
      'a',
      'b',
      'c',
      'e',
    ]);
  });

  it('keeps a merged directory for "unchanged" only while it shows something from below', () => {
    // a/: both files replaced; c/: opaque, its w hidden; b/: z deleted, nothing left below.
    expect(kept(merged, mergedRoot(), 'merged', ['unchanged'])).toEqual(['d', 'keep']);
    const a = merged.find([encoder.encode('a')]);
    expect(a).not.toBeNull();
    const children = [...merged.children(a as readonly number[])];
    expect(children.map((c) => c.layer)).toEqual([1, 1]);
  });

  it('keeps deletions the top layer made, put back in the merged listing', () => {
    const b = merged.find([encoder.encode('b')]) as readonly number[];
    const inB = gatherMerged(merged, b, b[1] as number, 'name');
    expect(kept(merged, inB, 'merged', ['deleted'])).toEqual(['z']);
    expect(kept(merged, mergedRoot(), 'merged', ['deleted'])).toEqual(['b', 'c']);
  });
});
