import type { TreeEntry } from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import {
  flattenTree,
  type PageState,
  pagesToLoad,
  parentIndex,
  parentPath,
  pathCrumbs,
  siblingIndexes,
  type TreeRow,
} from './tree-rows';

function entry(path: string, kind: TreeEntry['kind'] = 'file', hasChildren = false): TreeEntry {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return {
    name,
    nameBytes: null,
    path,
    displayPath: path,
    kind,
    mode: 0o644,
    uid: 0,
    gid: 0,
    linkTarget: null,
    layer: 0,
    change: 'added',
    lastChange: { layer: 0, change: 'added' },
    deletedBy: null,
    opaque: false,
    apparentBytes: 1,
    fileCount: 1,
    replacedBytes: 0,
    deletedBytes: 0,
    hasChildren,
  };
}

const dir = (path: string) => entry(path, 'dir', true);

function lookupFrom(pages: Record<string, PageState>) {
  return (directory: string, page: number) => pages[`${directory}#${page}`];
}

const describeRows = (rows: TreeRow[]) =>
  rows.map((row) =>
    row.type === 'entry'
      ? `${row.depth}:${row.entry.path}${row.expanded ? '+' : ''} ${row.position}/${row.setSize}`
      : `${row.depth}:${row.type} ${row.directory}#${row.page} ${row.position}/${row.setSize}`,
  );

describe('flattenTree', () => {
  it('is one pending row while the root is not loaded', () => {
    const rows = flattenTree({
      root: '/',
      expanded: new Set(),
      pageSize: 2,
      lookup: () => undefined,
    });
    expect(describeRows(rows)).toEqual(['0:pending /#0 1/1']);
  });

  it('follows expanded directories only, children right under their parent', () => {
    const lookup = lookupFrom({
      '/#0': { total: 2, entries: [dir('/etc'), dir('/usr')] },
      '/usr#0': { total: 1, entries: [entry('/usr/bin')] },
      '/etc#0': { total: 1, entries: [entry('/etc/motd')] },
    });
    const rows = flattenTree({ root: '/', expanded: new Set(['/usr']), pageSize: 10, lookup });
    expect(describeRows(rows)).toEqual(['0:/etc 1/2', '0:/usr+ 2/2', '1:/usr/bin 1/1']);
  });

  it('does not expand a file or an empty directory even if its path is in the set', () => {
    const lookup = lookupFrom({
      '/#0': { total: 2, entries: [entry('/empty', 'dir', false), entry('/f')] },
    });
    const rows = flattenTree({
      root: '/',
      expanded: new Set(['/empty', '/f']),
      pageSize: 10,
      lookup,
    });
    expect(describeRows(rows)).toEqual(['0:/empty 1/2', '0:/f 2/2']);
  });

  it('stands in one pending row per entry of a page not loaded, so the height is right', () => {
    // 5 entries, pages of 2: page 0 loaded, page 1 not, page 2 loaded.
    const lookup = lookupFrom({
      '/#0': { total: 5, entries: [entry('/a'), entry('/b')] },
      '/#2': { total: 5, entries: [entry('/e')] },
    });
    const rows = flattenTree({ root: '/', expanded: new Set(), pageSize: 2, lookup });
    expect(describeRows(rows)).toEqual([
      '0:/a 1/5',
      '0:/b 2/5',
      '0:pending /#1 3/5',
      '0:pending /#1 4/5',
      '0:/e 5/5',
    ]);
  });

  it('shows a failed page as one error row and goes on with the next page', () => {
    const lookup = lookupFrom({
      '/#0': { total: 5, entries: [entry('/a'), entry('/b')] },
      '/#1': { error: new Error('gone') },
      '/#2': { total: 5, entries: [entry('/e')] },
    });
    const rows = flattenTree({ root: '/', expanded: new Set(), pageSize: 2, lookup });
    expect(describeRows(rows)).toEqual(['0:/a 1/5', '0:/b 2/5', '0:error /#1 3/5', '0:/e 5/5']);
  });

  it('handles 100 expanded directories of 1,000 entries: 100,100 rows', () => {
    const pageSize = 500;
    const dirs = Array.from({ length: 100 }, (_, d) => dir(`/d${d}`));
    const pages = new Map<string, PageState>();
    const lookup = (directory: string, page: number): PageState | undefined => {
      if (directory === '/') return { total: 100, entries: dirs };
      const key = `${directory}#${page}`;
      if (!pages.has(key)) {
        const entries = Array.from({ length: pageSize }, (_, f) =>
          entry(`${directory}/f${page * pageSize + f}`),
        );
        pages.set(key, { total: 1000, entries });
      }
      return pages.get(key);
    };
    const rows = flattenTree({
      root: '/',
      expanded: new Set(dirs.map((d) => d.path)),
      pageSize,
      lookup,
    });
    expect(rows).toHaveLength(100 + 100 * 1000);
    expect(
      describeRows([rows[1] as TreeRow, rows[1001] as TreeRow, rows[1002] as TreeRow]),
    ).toEqual(['1:/d0/f0 1/1000', '0:/d1+ 2/100', '1:/d1/f0 1/1000']);
  });
});

describe('pagesToLoad', () => {
  it('lists each page that visible pending rows wait for, once', () => {
    const lookup = lookupFrom({ '/#0': { total: 6, entries: [dir('/a'), entry('/b')] } });
    const rows = flattenTree({ root: '/', expanded: new Set(['/a']), pageSize: 2, lookup });
    // rows: /a+, pending /a#0, /b, pending /#1 ×2, pending /#2 ×2
    expect(pagesToLoad(rows, [0, 1, 2, 3, 4])).toEqual([
      { directory: '/a', page: 0 },
      { directory: '/', page: 1 },
    ]);
  });
});

describe('parentIndex', () => {
  it('finds the row of the enclosing directory, -1 at the top level', () => {
    const lookup = lookupFrom({
      '/#0': { total: 2, entries: [dir('/a'), entry('/b')] },
      '/a#0': { total: 2, entries: [entry('/a/x'), entry('/a/y')] },
    });
    const rows = flattenTree({ root: '/', expanded: new Set(['/a']), pageSize: 10, lookup });
    expect(parentIndex(rows, 2)).toBe(0);
    expect(parentIndex(rows, 3)).toBe(-1);
    expect(parentIndex(rows, 0)).toBe(-1);
  });
});

describe('siblingIndexes', () => {
  it('lists the rows of the same directory, skipping what is open under them', () => {
    const lookup = lookupFrom({
      '/#0': { total: 3, entries: [dir('/a'), dir('/b'), entry('/c')] },
      '/a#0': { total: 2, entries: [entry('/a/x'), entry('/a/y')] },
    });
    const rows = flattenTree({ root: '/', expanded: new Set(['/a']), pageSize: 10, lookup });
    // rows: 0 /a+, 1 /a/x, 2 /a/y, 3 /b, 4 /c
    expect(siblingIndexes(rows, 3)).toEqual([0, 3, 4]);
    expect(siblingIndexes(rows, 2)).toEqual([1, 2]);
    expect(siblingIndexes(rows, 9)).toEqual([]);
  });
});

describe('paths', () => {
  it('gives the parent directory of a path', () => {
    expect(parentPath('/usr/lib/x')).toBe('/usr/lib');
    expect(parentPath('/x')).toBe('/');
    expect(parentPath('/')).toBe('/');
  });

  it('splits a path into breadcrumbs from the root', () => {
    expect(pathCrumbs('/usr/share/doc')).toEqual([
      { path: '/', name: '/' },
      { path: '/usr', name: 'usr' },
      { path: '/usr/share', name: 'share' },
      { path: '/usr/share/doc', name: 'doc' },
    ]);
    expect(pathCrumbs('/')).toEqual([{ path: '/', name: '/' }]);
  });
});
