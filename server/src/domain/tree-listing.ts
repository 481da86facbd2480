import type { MergedView, Refs } from './merged-view.js';
import type { PackedLayer } from './packed-layer.js';
import { displayName } from './tree-names.js';

/*
 * One directory's children, a page at a time, and path search: what lets a layer with a
 * million files open at once. A layer's own children are stored in name order and in size
 * order; a merged directory that several layers share is gathered once and kept by the caller.
 */

export type SortKey = 'name' | 'size';

export interface ListOptions {
  sort: SortKey;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/** A node of a view: the layer index it lives in, and, in the merged view, its refs. */
export interface ViewNode {
  layer: number;
  node: number;
  refs: Refs | null;
}

/** Slices an order kept in the key's natural direction (names A to Z, sizes biggest first). */
function slice<T>(total: number, at: (k: number) => T, options: ListOptions): Page<T> {
  const { offset, limit } = options;
  const forwards = (options.sort === 'name') === (options.order === 'asc');
  const items: T[] = [];
  if (forwards) {
    for (let k = offset; k < Math.min(total, offset + limit); k++) items.push(at(k));
  } else {
    for (let k = total - 1 - offset; k >= Math.max(total - offset - limit, 0); k--) {
      items.push(at(k));
    }
  }
  return { total, items };
}

/** A directory of one layer's own tree. */
export function listLayer(packed: PackedLayer, dir: number, options: ListOptions): Page<number> {
  const first = packed.firstChild(dir);
  const at =
    options.sort === 'name' ? (k: number) => first + k : (k: number) => packed.bySize(dir, k);
  return slice(packed.childCount(dir), at, options);
}

/** Size in the merged view: the bytes visible, or for a deleted entry the bytes it removes. */
export function mergedSize(view: MergedView, item: ViewNode): number {
  const packed = view.packed(item.layer);
  return packed.isDeleted(item.node)
    ? packed.f64('deleted', item.node)
    : packed.f64('mergedApparent', item.node);
}

/**
 * A merged directory's children in the key's natural order, with what the listed (top) layer
 * deleted there put back, marked deleted, as dive shows removals. `own` is the top layer's node
 * at that path, or -1.
 */
export function gatherMerged(view: MergedView, refs: Refs, own: number, sort: SortKey): ViewNode[] {
  const items: ViewNode[] = [];
  for (const child of view.children(refs)) {
    items.push({ layer: child.layer, node: child.node, refs: child.refs });
  }
  const top = view.packed(view.top);
  if (own >= 0) {
    const first = top.firstChild(own);
    const deleted: ViewNode[] = [];
    for (let node = first; node < first + top.childCount(own); node++) {
      if (top.isDeleted(node)) deleted.push({ layer: view.top, node, refs: null });
    }
    if (deleted.length > 0) {
      items.push(...deleted);
      items.sort((a, b) => compareNames(view, a, b));
    }
  }
  if (sort === 'size') {
    const sizes = new Map(items.map((item) => [item, mergedSize(view, item)]));
    items.sort(
      (a, b) => (sizes.get(b) as number) - (sizes.get(a) as number) || compareNames(view, a, b),
    );
  }
  return items;
}

export function pageOf<T>(items: readonly T[], options: ListOptions): Page<T> {
  return slice(items.length, (k) => items[k] as T, options);
}

function compareNames(view: MergedView, a: ViewNode, b: ViewNode): number {
  const x = view.packed(a.layer).nameBytes(a.node);
  const y = view.packed(b.layer).nameBytes(b.node);
  const length = Math.min(x.length, y.length);
  for (let i = 0; i < length; i++) {
    const diff = (x[i] as number) - (y[i] as number);
    if (diff !== 0) return diff;
  }
  return x.length - y.length;
}

export interface SearchHit extends ViewNode {
  path: string[];
}

/** Whether a name shows escaped: a control character, backslash, C1 control or override. */
function needsEscaping(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || code === 0x5c || (code >= 0x7f && code < 0xa0)) return true;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  }
  return false;
}

function shownLower(key: string): string {
  return (needsEscaping(key) ? displayName(key) : key).toLowerCase();
}

/**
 * Entries whose path contains `query` (case-insensitive, on the text shown for the path), in
 * name order, depth first; counts every hit and keeps the first `limit`. `pause` lets the
 * caller give the event loop a turn now and then: a million entries take a while.
 */
export async function searchView(
  view: MergedView,
  mode: 'layer' | 'merged',
  query: string,
  limit: number,
  pause: () => Promise<void>,
  /** Which matches count (the change filter); all when absent. */
  accept?: (item: ViewNode) => boolean,
): Promise<Page<SearchHit>> {
  const needle = query.toLowerCase();
  const keep = Math.max(needle.length - 1, 0);
  const items: SearchHit[] = [];
  let total = 0;
  const top = view.packed(view.top);
  // Depth first with an explicit stack: directories to expand, with their path and the tail of
  // their shown path (all a match that runs into a child's name can use).
  type Frame = { item: ViewNode; path: string[]; tail: string; matched: boolean };
  const stack: Frame[] = [
    {
      item: { layer: view.top, node: 0, refs: mode === 'merged' ? view.root() : null },
      path: [],
      tail: '',
      matched: false,
    },
  ];
  let visited = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const children: ViewNode[] = [];
    if (frame.item.refs === null) {
      const first = top.firstChild(frame.item.node);
      for (let node = first; node < first + top.childCount(frame.item.node); node++) {
        children.push({ layer: view.top, node, refs: null });
      }
    } else {
      for (const child of view.children(frame.item.refs)) {
        children.push({ layer: child.layer, node: child.node, refs: child.refs });
      }
    }
    const expand: Frame[] = [];
    for (const child of children) {
      const packed = view.packed(child.layer);
      const plain = packed.plainLowerNames();
      const shown =
        plain === null
          ? shownLower(packed.name(child.node))
          : plain.slice(packed.nameStart(child.node), packed.nameEnd(child.node));
      const text = `${frame.tail}/${shown}`;
      const matched = frame.matched || text.includes(needle);
      const isDir = packed.isDir(child.node) && !packed.isDeleted(child.node);
      const hit = matched && (accept === undefined || accept(child));
      if (hit) total++;
      const kept = hit && items.length < limit;
      if (!kept && !isDir) continue;
      const path = [...frame.path, packed.name(child.node)];
      if (kept) items.push({ ...child, path });
      if (isDir) {
        expand.push({ item: child, path, tail: keep === 0 ? '' : text.slice(-keep), matched });
      }
    }
    for (let k = expand.length - 1; k >= 0; k--) stack.push(expand[k] as Frame);
    visited += children.length;
    if (visited >= 8192) {
      visited = 0;
      await pause();
    }
  }
  return { total, items };
}
