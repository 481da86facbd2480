import type { TreeEntry, TreeSearch } from '@footprint/shared';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SearchResults } from './search-results';

const tmpCache: TreeEntry = {
  name: 'cache.bin',
  nameBytes: null,
  path: '/tmp/cache.bin',
  displayPath: '/tmp/cache.bin',
  kind: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  linkTarget: null,
  layer: 3,
  change: 'unchanged',
  lastChange: { layer: 3, change: 'added' },
  deletedBy: null,
  opaque: false,
  apparentBytes: 4000,
  fileCount: 1,
  replacedBytes: 0,
  deletedBytes: 0,
  hasChildren: false,
};

function result(view: 'layer' | 'merged'): TreeSearch {
  return {
    imageId: `sha256:${'a'.repeat(64)}`,
    layer: { index: 5, chainId: `sha256:${'b'.repeat(64)}`, diffId: `sha256:${'c'.repeat(64)}` },
    view,
    query: 'cache',
    changes: ['added', 'modified', 'deleted', 'unchanged'],
    total: 1,
    entries: [view === 'merged' ? tmpCache : { ...tmpCache, change: 'added', layer: 5 }],
    notes: [],
  };
}

describe('search results', () => {
  it('name, in the merged view, the layer that last changed each match and its step', () => {
    const { container } = render(
      <SearchResults
        result={result('merged')}
        onReveal={() => {}}
        stepOf={(layer) => (layer === 3 ? 'RUN write /tmp/cache.bin' : null)}
      />,
    );
    expect(screen.getByRole('columnheader', { name: 'Last change' })).toBeTruthy();
    const last = container.querySelector('[data-last-layer]') as HTMLElement;
    expect(last.dataset.lastLayer).toBe('3');
    expect(last.dataset.lastChange).toBe('added');
    expect(last.title).toBe('Last changed in layer 3 (added): RUN write /tmp/cache.bin');
  });

  it('have no such column in a layer view, where it would repeat the change', () => {
    const { container } = render(<SearchResults result={result('layer')} onReveal={() => {}} />);
    expect(screen.queryByRole('columnheader', { name: 'Last change' })).toBeNull();
    expect(container.querySelector('[data-last-layer]')).toBeNull();
  });
});
