import { describe, expect, it } from 'vitest';
import { diveEfficiency } from '../../src/domain/dive-efficiency.js';
import { findNode, stackImage } from '../../src/domain/file-tree.js';
import type { LayerEntry } from '../../src/domain/layer-entry.js';
import { listChildren, searchTree } from '../../src/domain/tree-listing.js';
import { summarizeWaste } from '../../src/domain/waste.js';

const file = (path: string, bytes: number, mode = 0o644): LayerEntry => ({
  path,
  kind: 'file',
  bytes,
  mode,
  uid: 0,
  gid: 0,
  linkTarget: null,
});
const dir = (path: string): LayerEntry => ({ ...file(path, 0, 0o755), kind: 'dir' });

/*
 * Layer 0 holds 17,600 bytes of files. Layer 1 rewrites data/big.bin unchanged (a second COPY),
 * chmods etc/conf (a full copy), moves data/moved.bin, deletes del.bin by name and cache/ as a
 * directory, and makes opq/ opaque with one new file: 14,100 bytes.
 */
const base = [
  dir('etc'),
  file('etc/conf', 1000),
  dir('data'),
  file('data/big.bin', 10_000),
  file('data/moved.bin', 3000),
  dir('cache'),
  file('cache/a', 2000),
  file('cache/b', 500),
  dir('opq'),
  file('opq/old', 700),
  file('del.bin', 400),
];
const top = [
  dir('etc'),
  file('etc/conf', 1000, 0o600),
  dir('data'),
  file('data/big.bin', 10_000),
  file('data/.wh.moved.bin', 0),
  file('data/moved-to.bin', 3000),
  file('.wh.del.bin', 0),
  file('.wh.cache', 0),
  dir('opq'),
  file('opq/.wh..wh..opq', 0),
  file('opq/new', 100),
];

describe('stacking layers with overlay rules', () => {
  const stack = stackImage([base, top]);
  const [bottom, upper] = stack;

  it('marks each entry of a layer against the layers below it', () => {
    const tree = upper?.tree;
    if (tree === undefined) throw new Error('no layer');
    const at = (path: string) => findNode(tree, path.split('/'));
    expect(at('data/big.bin')).toMatchObject({ change: 'modified', replacedBytes: 10_000 });
    expect(at('etc/conf')).toMatchObject({ change: 'modified', mode: 0o600 });
    expect(at('data/moved-to.bin')).toMatchObject({ change: 'added', replacedBytes: 0 });
    expect(at('data/moved.bin')).toMatchObject({
      change: 'deleted',
      deletedBy: 'whiteout',
      kind: 'file',
      apparentBytes: 0,
      deletedBytes: 3000,
    });
    // A deleted directory: 2,000 + 500 bytes of files went with it.
    expect(at('cache')).toMatchObject({ change: 'deleted', kind: 'dir', deletedBytes: 2500 });
    expect(at('opq')).toMatchObject({ change: 'modified', opaque: true, deletedBytes: 700 });
    expect(at('opq/old')).toMatchObject({ change: 'deleted', deletedBy: 'opaque' });
    expect(at('opq/new')).toMatchObject({ change: 'added' });
    // The layer stores 10,000 + 1,000 + 3,000 + 100 and deletes 3,000 + 400 + 2,500 + 700.
    expect(tree).toMatchObject({ apparentBytes: 14_100, deletedBytes: 6600, fileCount: 4 });
    expect(bottom?.tree).toMatchObject({ apparentBytes: 17_600, fileCount: 7, change: 'added' });
  });

  it('merges as overlay does: whiteouts delete, opaque directories hide', () => {
    const merged = upper?.merged;
    if (merged === undefined) throw new Error('no layer');
    const names = (path: string) => [
      ...(findNode(merged, path ? path.split('/') : [])?.children?.keys() ?? []),
    ];
    expect(names('').sort()).toEqual(['data', 'etc', 'opq']);
    expect(names('data').sort()).toEqual(['big.bin', 'moved-to.bin']);
    expect(names('opq')).toEqual(['new']);
    expect(findNode(merged, ['data', 'big.bin'])?.layer).toBe(1);
    // 10,000 + 3,000 + 1,000 + 100 visible.
    expect(merged.apparentBytes).toBe(14_100);
    // The bottom layer's merged tree is untouched by the layer above.
    expect(findNode(bottom?.merged ?? merged, ['cache', 'a'])?.bytes).toBe(2000);
  });

  it('counts every copy nobody sees as reclaimable, once', () => {
    const waste = summarizeWaste(stack);
    // 10,000 (rewritten) + 1,000 (chmod) + 3,000 (moved) + 400 (deleted) + 2,000 + 500
    // (deleted with cache/) + 700 (hidden by opq/) = 17,600 = 17,600 + 14,100 − 14,100 visible.
    expect(waste.reclaimableBytes).toBe(17_600);
    expect(waste.visibleBytes).toBe(14_100);
    expect(waste.files.map((f) => [f.path.join('/'), f.reclaimableBytes])).toEqual([
      ['data/big.bin', 10_000],
      ['data/moved.bin', 3000],
      ['cache/a', 2000],
      ['etc/conf', 1000],
      ['opq/old', 700],
      ['cache/b', 500],
      ['del.bin', 400],
    ]);
    expect(waste.files[0]?.copies).toEqual([
      { layer: 0, bytes: 10_000, fate: 'overwritten', byLayer: 1, heldByLink: null },
      { layer: 1, bytes: 10_000, fate: 'kept', byLayer: null, heldByLink: null },
    ]);
    expect(waste.files.find((f) => f.path.join('/') === 'opq/old')?.copies).toEqual([
      { layer: 0, bytes: 700, fate: 'hidden', byLayer: 1, heldByLink: null },
    ]);
  });

  it('keeps a deleted file’s bytes that a hard link of its layer still shows', () => {
    const link: LayerEntry = { ...file('lib/link', 0), kind: 'hardlink', linkTarget: 'lib/data' };
    const linked = stackImage([
      [dir('lib'), file('lib/data', 5000), link, file('lib/other', 300)],
      [dir('lib'), file('lib/.wh.data', 0), file('lib/.wh.other', 0)],
    ]);
    const result = summarizeWaste(linked);
    // lib/data is gone by name, but lib/link still holds its 5,000 bytes: only lib/other's 300
    // are reclaimable, and a squashed image stores the 5,000 once.
    expect(result.reclaimableBytes).toBe(300);
    expect(result.visibleBytes).toBe(5000);
    expect(result.files.find((f) => f.path.join('/') === 'lib/data')?.copies).toEqual([
      { layer: 0, bytes: 5000, fate: 'deleted', byLayer: 1, heldByLink: ['lib', 'link'] },
    ]);
  });
});

describe('dive’s efficiency score', () => {
  it('follows dive’s arithmetic, blind spots included', () => {
    const dive = diveEfficiency([base, top]);
    // Per path, every copy / smallest copy: etc/conf 2,000/1,000; data/big.bin 20,000/10,000;
    // data/moved.bin 3,000/0 (a whiteout of a file counts 0); del.bin 400/0; data/moved-to.bin,
    // cache/a, cache/b, opq/old, opq/new once each: 3,000, 2,000, 500, 700, 100; and /cache,
    // the deleted directory, 2,500/2,500 (its contents, counted as its own minimum).
    // Σ = 34,200, Σ smallest = 19,800: 19,800 / 34,200 = 11/19.
    expect(dive.efficiency).toBeCloseTo(11 / 19, 12);
    // Paths seen twice, all copies summed: 20,000 + 3,000 + 2,000 + 400.
    expect(dive.wastedBytes).toBe(25_400);
    expect(dive.inefficiencies).toEqual([
      { path: '/data/big.bin', count: 2, cumulativeBytes: 20_000 },
      { path: '/data/moved.bin', count: 2, cumulativeBytes: 3000 },
      { path: '/etc/conf', count: 2, cumulativeBytes: 2000 },
      { path: '/del.bin', count: 2, cumulativeBytes: 400 },
    ]);
    expect(dive.sizeBytes).toBe(31_700);
    expect(dive.userSizeBytes).toBe(14_100);
    expect(dive.userWastedPercent).toBeCloseTo(25_400 / 14_100, 12);
  });

  it('scores an image without bytes 1 and one without waste 1', () => {
    expect(diveEfficiency([[dir('empty')]]).efficiency).toBe(1);
    expect(diveEfficiency([[file('a', 5)], [file('b', 7)]])).toMatchObject({
      efficiency: 1,
      wastedBytes: 0,
      userWastedPercent: 0,
    });
  });

  it('stops a layer at a whiteout of a path that never existed, as dive does', () => {
    // Layer 1 visits /a (whiteout of nothing: abort, minimum −1) and never reaches /b.
    const dive = diveEfficiency([[file('x', 10)], [file('.wh.a', 0), file('b', 5)]]);
    // Σ smallest = 10 − 1 = 9, Σ copies = 10.
    expect(dive.efficiency).toBeCloseTo(0.9, 12);
  });
});

describe('listing and search', () => {
  const many = [dir('d'), ...Array.from({ length: 25 }, (_, i) => file(`d/f${i}`, i * 10))];
  const [layer] = stackImage([many]);
  const d = findNode(layer?.merged ?? (null as never), ['d']);

  it('pages a directory by name or by size', () => {
    if (d === null) throw new Error('no dir');
    const first = listChildren(d, { sort: 'size', order: 'desc', offset: 0, limit: 10 });
    expect(first.total).toBe(25);
    expect(first.items.map((n) => n.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `f${24 - i}`),
    );
    const last = listChildren(d, { sort: 'size', order: 'desc', offset: 20, limit: 10 });
    expect(last.items.map((n) => n.bytes)).toEqual([40, 30, 20, 10, 0]);
    const byName = listChildren(d, { sort: 'name', order: 'asc', offset: 0, limit: 3 });
    expect(byName.items.map((n) => n.name)).toEqual(['f0', 'f1', 'f10']);
    expect(d.apparentBytes).toBe(3000);
  });

  it('finds paths by substring and counts every hit', () => {
    const hits = searchTree(layer?.merged ?? (null as never), 'F1', 4);
    // f1 and f10…f19: eleven hits, four returned.
    expect(hits.total).toBe(11);
    expect(hits.items.map((h) => h.path.join('/'))).toEqual(['d/f1', 'd/f10', 'd/f11', 'd/f12']);
  });
});
