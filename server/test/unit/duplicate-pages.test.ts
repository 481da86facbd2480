import { describe, expect, it } from 'vitest';
import {
  byName,
  extraOf,
  filterGroups,
  imagesOfRow,
  sumOf,
} from '../../src/domain/duplicate-pages.js';

/*
 * Three chains: c1 held by images a (tagged "web:1") and b (untagged), c2 by b, c3 by c
 * ("db:2"). Three groups over them.
 */
const holders = new Map([
  ['c1', new Set(['a', 'b'])],
  ['c2', new Set(['b'])],
  ['c3', new Set(['c'])],
]);
/** The same, by image: a's chains are [c1], b's [c1, c2], c's [c3]. */
const chainsOf = (imageId: string) =>
  [...holders].filter(([, images]) => images.has(imageId)).map(([chainId]) => chainId);
const tags = new Map<string, readonly string[]>([
  ['a', ['web:1']],
  ['b', []],
  ['c', ['db:2', 'Zeta:1']],
]);
const groups = [
  { name: 'g1', text: '/usr/lib/libssl.so\n/opt/libssl.so', chainIds: ['c1', 'c3'] },
  { name: 'g2', text: '/app/main.js', chainIds: ['c2'] },
  { name: 'g3', text: '/etc/hosts', chainIds: ['c3'] },
];
const names = (found: { name: string }[]) => found.map((group) => group.name);

describe('filterGroups', () => {
  it('keeps every group, in order, with no search and no image', () => {
    expect(names(filterGroups(groups, { q: '  ', image: null }, chainsOf, tags))).toEqual([
      'g1',
      'g2',
      'g3',
    ]);
  });

  it('matches a path, case-insensitively', () => {
    expect(names(filterGroups(groups, { q: 'LIBSSL', image: null }, chainsOf, tags))).toEqual([
      'g1',
    ]);
  });

  it('matches any tag of an image holding a copy, and an image ID', () => {
    // "zeta" is c's second tag: c holds c3, which g1 and g3 have a copy on.
    expect(names(filterGroups(groups, { q: 'zeta', image: null }, chainsOf, tags))).toEqual([
      'g1',
      'g3',
    ]);
    expect(names(filterGroups(groups, { q: 'b', image: null }, chainsOf, tags))).toEqual([
      'g1',
      'g2',
      'g3',
    ]);
  });

  it('filters by image, and by image and search together', () => {
    expect(names(filterGroups(groups, { q: '', image: 'b' }, chainsOf, tags))).toEqual([
      'g1',
      'g2',
    ]);
    expect(names(filterGroups(groups, { q: 'main', image: 'b' }, chainsOf, tags))).toEqual(['g2']);
    expect(filterGroups(groups, { q: '', image: 'nobody' }, chainsOf, tags)).toEqual([]);
  });
});

describe('naming images on a row', () => {
  it('orders tagged images by first tag, untagged after, then by ID', () => {
    expect(byName(['b', 'c', 'a', 'x'], tags)).toEqual(['c', 'a', 'b', 'x']);
  });

  it('puts the filtered image first and keeps at most max', () => {
    expect(imagesOfRow(['c', 'a', 'b'], 'b', 2)).toEqual(['b', 'c']);
    expect(imagesOfRow(['c', 'a', 'b'], 'z', 2)).toEqual(['c', 'a']);
    expect(imagesOfRow(['c', 'a', 'b'], null, 5)).toEqual(['c', 'a', 'b']);
  });
});

describe('figures', () => {
  it('saves all copies but the largest', () => {
    // 30,000 + 28,672 + 32,768 - 32,768.
    expect(extraOf([30_000, 28_672, 32_768])).toBe(58_672);
    expect(extraOf([4096, null])).toBeNull();
  });

  it('adds groups up, or says not measured', () => {
    expect(sumOf([1, 2, 3])).toBe(6);
    expect(sumOf([])).toBe(0);
    expect(sumOf([1, null])).toBeNull();
  });
});
