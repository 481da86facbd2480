import type { ImageSummary } from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import { hexId, image } from '../../../test/fixtures';
import { defaultImageSort, nextSort, sortedTags, sortImages } from './sort-images';

// A and C tie on every size; C and D tie on created; B and D are untagged.
const a = image({
  id: hexId('a'),
  repoTags: ['debian:12'],
  created: '2024-01-01T00:00:00Z',
  size: 100,
  sharedSize: 40,
  containers: 0,
});
const b = image({
  id: hexId('b'),
  created: '2024-03-01T00:00:00Z',
  size: 300,
  sharedSize: 0,
  containers: 2,
});
const c = image({
  id: hexId('c'),
  repoTags: ['alpine:latest', 'alpine:3.19'],
  created: '2024-02-01T00:00:00Z',
  size: 100,
  sharedSize: 40,
  containers: 1,
});
const d = image({
  id: hexId('d'),
  created: '2024-02-01T00:00:00Z',
  size: 50,
  sharedSize: 0,
  containers: 0,
});
const all = [a, b, c, d];

const letters = (images: ImageSummary[]) => images.map((i) => i.id.charAt(7)).join('');

describe('sortImages', () => {
  it('sorts by size, biggest first, by default; ties go tagged first, then by first tag', () => {
    expect(defaultImageSort).toEqual({ column: 'size', direction: 'descending' });
    // B 300, then A and C at 100 ("alpine:3.19" < "debian:12"), then D 50.
    expect(letters(sortImages(all, defaultImageSort))).toBe('bcad');
  });

  it('keeps the tie-breaker ascending when the sort is ascending', () => {
    expect(letters(sortImages(all, { column: 'size', direction: 'ascending' }))).toBe('dcab');
  });

  it('puts untagged images last when sorting by tags, in both directions', () => {
    expect(letters(sortImages(all, { column: 'tags', direction: 'ascending' }))).toBe('cabd');
    expect(letters(sortImages(all, { column: 'tags', direction: 'descending' }))).toBe('acbd');
  });

  it('sorts by created, newest first; a tie goes to the tagged image', () => {
    // B March, C and D February (C tagged), A January.
    expect(letters(sortImages(all, { column: 'created', direction: 'descending' }))).toBe('bcda');
  });

  it('sorts by shared, unique and containers', () => {
    // shared: A 40, C 40, B 0, D 0.
    expect(letters(sortImages(all, { column: 'sharedSize', direction: 'descending' }))).toBe(
      'cabd',
    );
    // unique: B 300, A 60, C 60, D 50.
    expect(letters(sortImages(all, { column: 'uniqueSize', direction: 'descending' }))).toBe(
      'bcad',
    );
    // containers: B 2, C 1, A 0, D 0.
    expect(letters(sortImages(all, { column: 'containers', direction: 'descending' }))).toBe(
      'bcad',
    );
  });

  it('sorts by ID', () => {
    expect(letters(sortImages([d, b, c, a], { column: 'id', direction: 'ascending' }))).toBe(
      'abcd',
    );
    expect(letters(sortImages(all, { column: 'id', direction: 'descending' }))).toBe('dcba');
  });

  it('reads numbers inside tags as numbers: node:9 before node:18', () => {
    const nine = image({ id: hexId('1'), repoTags: ['node:9'] });
    const eighteen = image({ id: hexId('2'), repoTags: ['node:18'] });
    const sorted = sortImages([eighteen, nine], { column: 'tags', direction: 'ascending' });
    expect(sorted.map((i) => i.repoTags[0])).toEqual(['node:9', 'node:18']);
  });

  it('returns a new array and leaves its input alone', () => {
    const input = [a, b];
    const sorted = sortImages(input, defaultImageSort);
    expect(sorted).not.toBe(input);
    expect(input).toEqual([a, b]);
  });
});

describe('sortedTags', () => {
  it('lists tags in the order the table shows them', () => {
    expect(sortedTags(c)).toEqual(['alpine:3.19', 'alpine:latest']);
    expect(sortedTags(b)).toEqual([]);
  });
});

describe('nextSort', () => {
  it('flips the direction when the same column is clicked again', () => {
    expect(nextSort({ column: 'size', direction: 'descending' }, 'size')).toEqual({
      column: 'size',
      direction: 'ascending',
    });
    expect(nextSort({ column: 'size', direction: 'ascending' }, 'size')).toEqual({
      column: 'size',
      direction: 'descending',
    });
  });

  it('starts names A→Z and numbers and dates biggest or newest first', () => {
    const current = defaultImageSort;
    expect(nextSort(current, 'tags').direction).toBe('ascending');
    expect(nextSort(current, 'id').direction).toBe('ascending');
    expect(nextSort(current, 'created').direction).toBe('descending');
    expect(nextSort(current, 'containers').direction).toBe('descending');
    expect(nextSort({ column: 'tags', direction: 'ascending' }, 'uniqueSize')).toEqual({
      column: 'uniqueSize',
      direction: 'descending',
    });
  });
});
