import { describe, expect, it } from 'vitest';
import { availableChanges, changesParam, changesQuery, selectedChanges } from './change-filter';

describe('the change filter in the URL', () => {
  it('offers unchanged only in the merged view', () => {
    expect(availableChanges('merged')).toEqual(['added', 'modified', 'deleted', 'unchanged']);
    expect(availableChanges('layer')).toEqual(['added', 'modified', 'deleted']);
  });

  it('reads the types named, in a fixed order, and every type when none is named', () => {
    expect(selectedChanges('', 'merged')).toEqual(['added', 'modified', 'deleted', 'unchanged']);
    expect(selectedChanges('deleted,added', 'merged')).toEqual(['added', 'deleted']);
    // "unchanged" means nothing in a layer's own tree: left alone, it filters nothing out.
    expect(selectedChanges('unchanged', 'layer')).toEqual(['added', 'modified', 'deleted']);
    expect(selectedChanges('unchanged,deleted', 'layer')).toEqual(['deleted']);
    expect(selectedChanges('renamed', 'merged')).toEqual([
      'added',
      'modified',
      'deleted',
      'unchanged',
    ]);
  });

  it('writes nothing for every type the view has, and the list otherwise', () => {
    expect(changesParam(['added', 'modified', 'deleted', 'unchanged'], 'merged')).toBe('');
    expect(changesParam(['added', 'modified', 'deleted'], 'layer')).toBe('');
    expect(changesParam(['added', 'modified', 'deleted'], 'merged')).toBe('added,modified,deleted');
    expect(changesParam(['unchanged', 'added'], 'merged')).toBe('added,unchanged');
    expect(changesParam([], 'merged')).toBe('');
  });

  it('asks the API for a filter only when it filters something out', () => {
    expect(changesQuery('', 'merged')).toBeUndefined();
    expect(changesQuery('added,modified,deleted', 'layer')).toBeUndefined();
    expect(changesQuery('modified', 'layer')).toBe('modified');
    expect(changesQuery('unchanged', 'merged')).toBe('unchanged');
  });
});
