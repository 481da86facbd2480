import type { TreeChange } from '@footprint/shared';
import { changeOf } from './file-tree.js';
import type { MergedView, Refs } from './merged-view.js';
import { flag, type PackedLayer } from './packed-layer.js';
import type { ViewNode } from './tree-listing.js';

/*
 * The change filter (dive's "show added / modified / removed / unchanged"): an entry is kept
 * when its own change is one of those asked for, and a directory also when something under it
 * is, so that the match can be reached. What lies under a node is worked out once per layer
 * (one byte per node, in memory only: the index file keeps its shape) and, for the merged
 * view's "unchanged", once per directory asked about.
 */

const bits: Record<TreeChange, number> = { added: 1, modified: 2, deleted: 4, unchanged: 8 };

export function changeBits(changes: readonly TreeChange[]): number {
  return changes.reduce((mask, change) => mask | bits[change], 0);
}

export const allChanges = changeBits(['added', 'modified', 'deleted', 'unchanged']);

/** The change an entry shows in a view: in the merged view, what is below the top is unchanged. */
export function shownChange(
  view: MergedView,
  item: ViewNode,
  mode: 'layer' | 'merged',
): TreeChange {
  const packed = view.packed(item.layer);
  if (mode === 'merged' && item.layer !== view.top && !packed.isDeleted(item.node)) {
    return 'unchanged';
  }
  return changeOf(packed, item.node);
}

const underCache = new WeakMap<PackedLayer, Uint8Array>();

/**
 * For each node of a layer's own tree, the change bits of everything strictly under it. Nodes
 * are numbered after their parents, so one pass from the last node up fills it.
 */
function changesUnder(packed: PackedLayer): Uint8Array {
  let under = underCache.get(packed);
  if (under !== undefined) return under;
  under = new Uint8Array(packed.size);
  // Flags read straight from the column, as changeOf reads them: a million nodes, once.
  const { flags } = packed.columns;
  const { firstChild, childCount } = packed.columns.uint32;
  const deleted = flag.deletedByWhiteout | flag.deletedByOpaque;
  for (let node = packed.size - 1; node >= 0; node--) {
    const first = firstChild[node] as number;
    const stop = first + (childCount[node] as number);
    let mask = 0;
    for (let child = first; child < stop; child++) {
      const f = flags[child] as number;
      const own =
        (f & deleted) !== 0 ? bits.deleted : (f & flag.modified) !== 0 ? bits.modified : bits.added;
      mask |= own | (under[child] as number);
    }
    under[node] = mask;
  }
  underCache.set(packed, under);
  return under;
}

/** Per top layer: whether the merged directory at a top node shows anything from below. */
const unchangedCache = new WeakMap<PackedLayer, Map<number, boolean>>();

/**
 * Whether a merged directory the top layer holds shows, somewhere under it, an entry of a
 * lower layer. Stops at the first one; a directory only the top layer has shows none.
 */
function holdsUnchanged(view: MergedView, refs: Refs): boolean {
  const top = view.packed(view.top);
  const node = refs[1] as number;
  if (refs[0] !== view.top || refs.length === 2) return false;
  let known = unchangedCache.get(top);
  if (known === undefined) {
    known = new Map();
    unchangedCache.set(top, known);
  }
  const cached = known.get(node);
  if (cached !== undefined) return cached;
  let holds = false;
  for (const child of view.children(refs)) {
    if (child.layer !== view.top || (top.isDir(child.node) && holdsUnchanged(view, child.refs))) {
      holds = true;
      break;
    }
  }
  known.set(node, holds);
  return holds;
}

/** Whether the filter `mask` (changeBits) keeps this entry of the view. */
export function keepsEntry(
  view: MergedView,
  item: ViewNode,
  mode: 'layer' | 'merged',
  mask: number,
): boolean {
  if ((bits[shownChange(view, item, mode)] & mask) !== 0) return true;
  const packed = view.packed(item.layer);
  if (!packed.isDir(item.node) || packed.isDeleted(item.node)) return false;
  // Below the top, everything is unchanged: the entry itself answered that already.
  if (item.layer !== view.top) return false;
  if ((changesUnder(packed)[item.node] as number) & mask) return true;
  return (
    mode === 'merged' &&
    (mask & bits.unchanged) !== 0 &&
    item.refs !== null &&
    holdsUnchanged(view, item.refs)
  );
}
