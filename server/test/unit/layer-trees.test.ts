import { describe, expect, it } from 'vitest';
import { diveEfficiency, diveEntries } from '../../src/domain/dive-efficiency.js';
import { changeOf, deletedByOf, stackImage } from '../../src/domain/file-tree.js';
import type { LayerEntry } from '../../src/domain/layer-entry.js';
import { MergedView } from '../../src/domain/merged-view.js';
import { flag, type PackedLayer } from '../../src/domain/packed-layer.js';
import { toTreeEntry } from '../../src/domain/tree-entries.js';
import {
  gatherMerged,
  listLayer,
  pageOf,
  searchView,
  type ViewNode,
} from '../../src/domain/tree-listing.js';
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

const encoder = new TextEncoder();
const bytesOf = (path: string) =>
  path === '' ? [] : path.split('/').map((s) => encoder.encode(s));

/** A layer's own entry at a path, as the API shows it in the layer view. */
function layerEntry(stack: PackedLayer[], layer: number, path: string) {
  const packed = stack[layer] as PackedLayer;
  const node = packed.find(bytesOf(path));
  if (node < 0) return null;
  const view = new MergedView(stack.slice(0, layer + 1));
  return toTreeEntry(view, { layer, node, refs: null }, path.split('/'), 'layer');
}

/** Names of the merged view's directory at a path, through the top of the stack. */
function mergedNames(stack: PackedLayer[], path: string): string[] {
  const view = new MergedView(stack);
  const refs = view.find(bytesOf(path));
  if (refs === null) return [];
  return [...view.children(refs)].map((child) => view.packed(child.layer).name(child.node));
}

describe('stacking layers with overlay rules', () => {
  const stack = stackImage([base, top]);

  it('marks each entry of a layer against the layers below it', () => {
    const at = (path: string) => layerEntry(stack, 1, path);
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
    expect(layerEntry(stack, 1, '')).toMatchObject({
      apparentBytes: 14_100,
      deletedBytes: 6600,
      fileCount: 4,
    });
    expect(layerEntry(stack, 0, '')).toMatchObject({
      apparentBytes: 17_600,
      fileCount: 7,
      change: 'added',
    });
  });

  it('merges as overlay does: whiteouts delete, opaque directories hide', () => {
    expect(mergedNames(stack, '')).toEqual(['data', 'etc', 'opq']);
    expect(mergedNames(stack, 'data')).toEqual(['big.bin', 'moved-to.bin']);
    expect(mergedNames(stack, 'opq')).toEqual(['new']);
    const view = new MergedView(stack);
    expect(view.find(bytesOf('data/big.bin'))?.[0]).toBe(1);
    // 10,000 + 3,000 + 1,000 + 100 visible.
    const root = view.root();
    expect(view.packed(root[0] as number).f64('mergedApparent', root[1] as number)).toBe(14_100);
    // The bottom layer's merged view is untouched by the layer above.
    const below = new MergedView(stack.slice(0, 1));
    const a = below.find(bytesOf('cache/a'));
    expect(a && below.packed(a[0] as number).f64('bytes', a[1] as number)).toBe(2000);
  });

  it('merges a directory several layers share, figures summed', () => {
    // Layer 0: d/x 5; layer 1: d/y 7; layer 2: d/.wh.x and d/z 11. Merged d: y, z = 18 bytes.
    const three = stackImage([
      [dir('d'), file('d/x', 5)],
      [dir('d'), file('d/y', 7)],
      [dir('d'), file('d/.wh.x', 0), file('d/z', 11)],
    ]);
    expect(mergedNames(three, 'd')).toEqual(['y', 'z']);
    const view = new MergedView(three);
    const d = view.find(bytesOf('d'));
    expect(d).toEqual([2, 1, 1, 1, 0, 1]);
    expect(view.packed(2).f64('mergedApparent', 1)).toBe(18);
    expect(view.packed(2).u32('mergedFileCount', 1)).toBe(2);
    expect(layerEntry(three, 2, 'd/x')).toMatchObject({ change: 'deleted', deletedBytes: 5 });
    // Through layer 1 the same directory holds x and y.
    expect(mergedNames(three.slice(0, 2), 'd')).toEqual(['x', 'y']);
  });

  it('counts every copy nobody sees as reclaimable, once', () => {
    expect(summarizeWaste(stack).layers).toEqual([
      { replacedBytes: 0, deletedBytes: 0 },
      { replacedBytes: 11_000, deletedBytes: 6600 },
    ]);
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
    // The same from the packed layers as from the entries.
    expect(diveEfficiency(stackImage([base, top]).map(diveEntries))).toEqual(dive);
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
  const stack = stackImage([many]);
  const packed = stack[0] as PackedLayer;
  const d = packed.find(bytesOf('d'));
  const pause = () => Promise.resolve();

  it('pages a directory by name or by size', () => {
    const first = listLayer(packed, d, { sort: 'size', order: 'desc', offset: 0, limit: 10 });
    expect(first.total).toBe(25);
    expect(first.items.map((n) => packed.name(n))).toEqual(
      Array.from({ length: 10 }, (_, i) => `f${24 - i}`),
    );
    const last = listLayer(packed, d, { sort: 'size', order: 'desc', offset: 20, limit: 10 });
    expect(last.items.map((n) => packed.f64('bytes', n))).toEqual([40, 30, 20, 10, 0]);
    const asc = listLayer(packed, d, { sort: 'size', order: 'asc', offset: 0, limit: 2 });
    expect(asc.items.map((n) => packed.f64('bytes', n))).toEqual([0, 10]);
    const byName = listLayer(packed, d, { sort: 'name', order: 'asc', offset: 0, limit: 3 });
    expect(byName.items.map((n) => packed.name(n))).toEqual(['f0', 'f1', 'f10']);
    expect(packed.f64('apparent', d)).toBe(3000);
  });

  it('pages a merged directory with the top layer’s deletions put back', () => {
    const two = stackImage([many, [dir('d'), file('d/.wh.f3', 0), file('d/g', 1000)]]);
    const view = new MergedView(two);
    const refs = view.find(bytesOf('d'));
    if (refs === null) throw new Error('no dir');
    const own = (two[1] as PackedLayer).find(bytesOf('d'));
    const items = gatherMerged(view, refs, own, 'size');
    const named = (list: ViewNode[]) => list.map((i) => view.packed(i.layer).name(i.node));
    // g (1,000), f24 … f4, then f3, deleted, by the 30 bytes it removes, then f2 …
    expect(
      named(pageOf(items, { sort: 'size', order: 'desc', offset: 0, limit: 3 }).items),
    ).toEqual(['g', 'f24', 'f23']);
    const f3 = items.find((i) => view.packed(i.layer).name(i.node) === 'f3') as ViewNode;
    expect(view.packed(f3.layer).isDeleted(f3.node)).toBe(true);
    expect(items).toHaveLength(26);
  });

  it('finds paths by substring and counts every hit', async () => {
    const view = new MergedView(stack);
    const hits = await searchView(view, 'merged', 'F1', 4, pause);
    // f1 and f10…f19: eleven hits, four returned.
    expect(hits.total).toBe(11);
    expect(hits.items.map((h) => h.path.join('/'))).toEqual(['d/f1', 'd/f10', 'd/f11', 'd/f12']);
    // Across a slash, and everything under a matching directory.
    expect((await searchView(view, 'layer', 'd/f2', 100, pause)).total).toBe(6);
    expect((await searchView(view, 'layer', 'D', 100, pause)).total).toBe(26);
  });
});

describe('the packed layer', () => {
  it('keeps flags, modes, owners and link targets', () => {
    const link: LayerEntry = { ...file('lib/link', 0), kind: 'symlink', linkTarget: '../x' };
    const [packed] = stackImage([[dir('lib'), { ...file('lib/a', 3, 0o4755), uid: 7 }, link]]);
    if (packed === undefined) throw new Error('no layer');
    const a = packed.find(bytesOf('lib/a'));
    expect([packed.mode(a), packed.u32('uid', a), packed.has(a, flag.explicit)]).toEqual([
      0o4755,
      7,
      true,
    ]);
    expect(packed.linkTarget(packed.find(bytesOf('lib/link')))).toBe('../x');
    expect(changeOf(packed, a)).toBe('added');
    expect(deletedByOf(packed, a)).toBeNull();
  });

  it('gives dive the tar entries back, whiteouts as .wh. files', () => {
    const [, upper] = stackImage([base, top]);
    if (upper === undefined) throw new Error('no layer');
    const paths = diveEntries(upper).map((e) => e.path);
    expect(paths).toContain('.wh.cache');
    expect(paths).toContain('data/.wh.moved.bin');
    expect(paths).not.toContain('opq/old');
    expect(paths).not.toContain('opq/.wh..wh..opq');
  });
});
