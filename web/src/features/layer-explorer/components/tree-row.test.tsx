import type { TreeEntry } from '@footprint/shared';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TreeRow } from '../utils/tree-rows';
import { TreeRowView } from './tree-row';

function entry(fields: Partial<TreeEntry>): TreeEntry {
  return {
    name: 'tmp',
    nameBytes: null,
    path: '/tmp',
    displayPath: '/tmp',
    kind: 'dir',
    mode: 0o1777,
    uid: 0,
    gid: 0,
    linkTarget: null,
    layer: 3,
    change: 'unchanged',
    lastChange: { layer: 3, change: 'modified' },
    deletedBy: null,
    opaque: false,
    apparentBytes: 4000,
    fileCount: 1,
    replacedBytes: 0,
    deletedBytes: 0,
    hasChildren: true,
    ...fields,
  };
}

function renderRow(shown: TreeEntry, showLastChange: boolean) {
  const row: TreeRow = {
    type: 'entry',
    key: shown.path,
    depth: 0,
    position: 1,
    setSize: 1,
    entry: shown,
    expanded: false,
  };
  const { container } = render(
    <TreeRowView
      row={row}
      id="row-1"
      active={false}
      showLastChange={showLastChange}
      stepOf={(layer) => (layer === 3 ? 'RUN write /tmp/cache.bin' : null)}
      style={{}}
      onActivate={() => {}}
      onToggle={() => {}}
    />,
  );
  return container.querySelector('[role="treeitem"]') as HTMLElement;
}

const cell = (row: HTMLElement, className: string) =>
  row.querySelector(`.${className}`) as HTMLElement;

describe('a row of the file tree', () => {
  it('shows mode as ls does and the owner as UID:GID', () => {
    const row = renderRow(
      entry({
        kind: 'file',
        name: 'app.conf',
        path: '/etc/app.conf',
        mode: 0o600,
        uid: 1000,
        gid: 2000,
      }),
      false,
    );
    expect(cell(row, 'tree-cell-mode').textContent).toBe('-rw-------');
    expect(cell(row, 'tree-cell-mode').dataset.mode).toBe('0600');
    expect(cell(row, 'tree-cell-owner').textContent).toBe('1000:2000');
    expect(cell(row, 'tree-cell-owner').dataset.owner).toBe('1000:2000');
    expect(cell(row, 'tree-cell-layer')).toBeNull();
  });

  it('says a whiteout has no mode or owner of its own', () => {
    const row = renderRow(
      entry({
        kind: 'file',
        name: 'drop.txt',
        path: '/data/drop.txt',
        change: 'deleted',
        deletedBy: 'whiteout',
        lastChange: { layer: 4, change: 'deleted' },
        mode: null,
        uid: null,
        gid: null,
      }),
      false,
    );
    expect(cell(row, 'tree-cell-mode').textContent).toBe('none');
    expect(cell(row, 'tree-cell-owner').textContent).toBe('none');
    expect(cell(row, 'tree-cell-owner').title).toMatch(/^A whiteout has no mode or owner/);
  });

  it('names, in the merged view, the layer that last changed the entry and its step', () => {
    const row = renderRow(entry({}), true);
    expect(row.dataset.change).toBe('unchanged');
    const last = cell(row, 'tree-cell-layer');
    expect(last.dataset.lastLayer).toBe('3');
    expect(last.dataset.lastChange).toBe('modified');
    expect(last.textContent).toBe('last changed in layer 3Mmodified');
    expect(last.title).toBe('Last changed in layer 3 (modified): RUN write /tmp/cache.bin');
    expect(cell(row, 'tree-cell-mode').textContent).toBe('drwxrwxrwt');
  });
});
