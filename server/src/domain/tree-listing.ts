import type { FileNode } from './file-tree.js';
import { compareKeys, displayName } from './tree-names.js';

/*
 * One directory's children, a page at a time, and path search: what lets a layer with a
 * million files open at once. Sorted orders are kept per directory node; nodes are immutable,
 * so a cached order never goes stale and goes away with the tree.
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

const sortedChildren = new WeakMap<FileNode, Map<SortKey, FileNode[]>>();

/** Size: the bytes an entry keeps, or for a deleted one the bytes it removes. */
const sizeOf = (entry: FileNode) => entry.apparentBytes || entry.deletedBytes;
const byName = (a: FileNode, b: FileNode) => compareKeys(a.name, b.name);

/**
 * Children in the key's natural order, computed once per directory: names A to Z, sizes
 * biggest first (ties by name); the other direction reads it backwards.
 */
function natural(node: FileNode, sort: SortKey): FileNode[] {
  let orders = sortedChildren.get(node);
  if (orders === undefined) {
    orders = new Map();
    sortedChildren.set(node, orders);
  }
  let order = orders.get(sort);
  if (order === undefined) {
    order = [...(node.children?.values() ?? [])];
    order.sort(sort === 'name' ? byName : (a, b) => sizeOf(b) - sizeOf(a) || byName(a, b));
    orders.set(sort, order);
  }
  return order;
}

export function listChildren(dir: FileNode, options: ListOptions): Page<FileNode> {
  const order = natural(dir, options.sort);
  const total = order.length;
  const { offset, limit } = options;
  const forwards = (options.sort === 'name') === (options.order === 'asc');
  if (forwards) return { total, items: order.slice(offset, offset + limit) };
  const end = Math.max(total - offset, 0);
  return { total, items: order.slice(Math.max(end - limit, 0), end).reverse() };
}

export interface SearchHit {
  path: string[];
  node: FileNode;
}

/**
 * Entries whose path contains `query` (case-insensitive, on the text shown for the path), in
 * the layer's own order; counts every hit and keeps the first `limit`.
 */
export function searchTree(root: FileNode, query: string, limit: number): Page<SearchHit> {
  const needle = query.toLowerCase();
  const items: SearchHit[] = [];
  let total = 0;
  const path: string[] = [];
  const visit = (node: FileNode, shown: string) => {
    for (const [name, child] of node.children ?? []) {
      path.push(name);
      const childShown = `${shown}/${displayName(name)}`;
      if (childShown.toLowerCase().includes(needle)) {
        total++;
        if (items.length < limit) items.push({ path: [...path], node: child });
      }
      if (child.children !== null) visit(child, childShown);
      path.pop();
    }
  };
  visit(root, '');
  return { total, items };
}
