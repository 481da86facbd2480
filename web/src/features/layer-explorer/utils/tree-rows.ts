import type { TreeEntry } from '@footprint/shared';

/*
 * The file tree as the flat list of rows the virtualizer draws: directories the user expanded
 * are followed, pages not loaded yet stand in as pending rows (one per entry, so the scroll
 * height is right before the data comes), and a failed page is one error row.
 */

/** What is known of one page of one directory; undefined while it was never asked for. */
export type PageState = { entries: readonly TreeEntry[]; total: number } | { error: Error };

export type PageLookup = (directory: string, page: number) => PageState | undefined;

interface RowBase {
  key: string;
  depth: number;
  /** 1-based position among its siblings, and how many siblings: aria-posinset / -setsize. */
  position: number;
  setSize: number;
}

export type TreeRow =
  | (RowBase & { type: 'entry'; entry: TreeEntry; expanded: boolean })
  | (RowBase & { type: 'pending'; directory: string; page: number })
  | (RowBase & { type: 'error'; directory: string; page: number; error: Error });

export interface FlattenOptions {
  root: string;
  expanded: ReadonlySet<string>;
  pageSize: number;
  lookup: PageLookup;
}

export function isExpandable(entry: TreeEntry): boolean {
  return entry.kind === 'dir' && entry.hasChildren;
}

export function flattenTree({ root, expanded, pageSize, lookup }: FlattenOptions): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (directory: string, depth: number) => {
    const first = lookup(directory, 0);
    if (first === undefined || 'error' in first) {
      const base = { depth, position: 1, setSize: 1, directory, page: 0 };
      rows.push(
        first === undefined
          ? { ...base, type: 'pending', key: `${directory}\u0000p0` }
          : { ...base, type: 'error', key: `${directory}\u0000e0`, error: first.error },
      );
      return;
    }
    const setSize = first.total;
    for (let index = 0; index < setSize; index++) {
      const page = Math.floor(index / pageSize);
      const state = lookup(directory, page);
      const position = index + 1;
      if (state === undefined) {
        rows.push({
          type: 'pending',
          key: `${directory}\u0000p${index}`,
          depth,
          position,
          setSize,
          directory,
          page,
        });
        continue;
      }
      if ('error' in state) {
        rows.push({
          type: 'error',
          key: `${directory}\u0000e${page}`,
          depth,
          position,
          setSize,
          directory,
          page,
          error: state.error,
        });
        index = (page + 1) * pageSize - 1;
        continue;
      }
      const entry = state.entries[index - page * pageSize];
      // The directory changed between pages (the image was replaced): show what there is.
      if (entry === undefined) continue;
      const open = isExpandable(entry) && expanded.has(entry.path);
      rows.push({
        type: 'entry',
        key: entry.path,
        depth,
        position,
        setSize,
        entry,
        expanded: open,
      });
      if (open) visit(entry.path, depth + 1);
    }
  };
  visit(root, 0);
  return rows;
}

/** The pages that pending rows in view wait for, each once, as "directory" + page index. */
export function pagesToLoad(
  rows: readonly TreeRow[],
  indexes: Iterable<number>,
): { directory: string; page: number }[] {
  const seen = new Set<string>();
  const pages: { directory: string; page: number }[] = [];
  for (const index of indexes) {
    const row = rows[index];
    if (row?.type !== 'pending') continue;
    const key = `${row.directory}\u0000${row.page}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pages.push({ directory: row.directory, page: row.page });
  }
  return pages;
}

/** The row of the directory a row sits in (for ← on a child), or -1 at the top level. */
export function parentIndex(rows: readonly TreeRow[], index: number): number {
  const depth = rows[index]?.depth ?? 0;
  for (let i = index - 1; i >= 0; i--) {
    if ((rows[i] as TreeRow).depth < depth) return i;
  }
  return -1;
}

/** The rows beside a row, in its directory (itself included), for * (open all siblings). */
export function siblingIndexes(rows: readonly TreeRow[], index: number): number[] {
  const depth = rows[index]?.depth;
  if (depth === undefined) return [];
  let start = index;
  while (start > 0 && (rows[start - 1] as TreeRow).depth >= depth) start--;
  const siblings: number[] = [];
  for (let i = start; i < rows.length && (rows[i] as TreeRow).depth >= depth; i++) {
    if ((rows[i] as TreeRow).depth === depth) siblings.push(i);
  }
  return siblings;
}

/** The directory a path is in: "/usr/lib" for "/usr/lib/x", "/" for "/x". */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** "/usr/lib" → [{ path: "/", name: "/" }, { path: "/usr", name: "usr" }, …]. */
export function pathCrumbs(path: string): { path: string; name: string }[] {
  const crumbs = [{ path: '/', name: '/' }];
  let current = '';
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    current += `/${segment}`;
    crumbs.push({ path: current, name: segment });
  }
  return crumbs;
}
