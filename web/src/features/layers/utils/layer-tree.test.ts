import { bytesOfUnion, bytesOnlyIn } from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import { layer } from '../../../test/layers';
import { buildLayerTree, type ChainTreeNode, countNodes, pathTo, rebase } from './layer-tree';
import { mostSharedLayers, reuseSummary } from './layer-reuse';

/*
 * Five images on two bases:
 *   a (100) ── base-a tops here; held by A, P, Q
 *   ├─ b (50)  ── P tops here
 *   └─ c (70)  ── Q tops here
 *   d (150) ── held by R only
 *   └─ e (20) └─ f (30): R tops at f; d, e, f make one run (nothing branches, nothing stops)
 */
const A = 'img-base-a';
const P = 'img-p';
const Q = 'img-q';
const R = 'img-r';
const layers = [
  layer('a', null, 100, [A, P, Q], [A], 110),
  layer('b', 'a', 50, [P], [P], 60),
  layer('c', 'a', 70, [Q], [Q], 80),
  layer('d', null, 150, [R], [], 160),
  layer('e', 'd', 20, [R], [], 24),
  layer('f', 'e', 30, [R], [R], 36),
];

describe('buildLayerTree', () => {
  it('makes a root per base and one node per shared run, biggest subtree first', () => {
    const roots = buildLayerTree(layers);
    // Subtrees: a = 100 + 50 + 70 = 220; d+e+f = 150 + 20 + 30 = 200. So a first.
    expect(roots.map((root) => root.id)).toEqual([
      `sha256:${'a'.repeat(64)}`,
      `sha256:${'f'.repeat(64)}`,
    ]);
    const [a, def] = roots;
    expect(a?.subtreeSize).toBe(220);
    expect(a?.size).toBe(100);
    expect(a?.imagesAbove).toEqual([A, P, Q]);
    expect(a?.images).toEqual([A]);
    // Children by subtree size: c (70) before b (50).
    expect(a?.children.map((child) => child.size)).toEqual([70, 50]);
    expect(a?.children.map((child) => child.depth)).toEqual([1, 1]);
    // d, e, f: one run of three layers, 150 + 20 + 30 = 200 bytes, on disk 160 + 24 + 36 = 220.
    expect(def?.chainIds).toHaveLength(3);
    expect(def?.size).toBe(200);
    expect(def?.diskBytes).toBe(220);
    expect(def?.images).toEqual([R]);
    expect(def?.children).toEqual([]);
    expect(countNodes(roots)).toBe(4);
  });

  it('says "unknown" (null) for a run with a layer of no recorded size', () => {
    const roots = buildLayerTree([
      layer('a', null, null, [A], [A]),
      layer('b', 'a', 5, [A, P], [P]),
    ]);
    // a has an image on top, so it does not merge with b.
    expect(roots[0]?.size).toBeNull();
    expect(roots[0]?.subtreeSize).toBeNull();
    expect(roots[0]?.children[0]?.size).toBe(5);
  });

  it('finds the path to a node by any chain ID in its run, and rebases a focused subtree', () => {
    const roots = buildLayerTree(layers);
    expect(pathTo(roots, `sha256:${'b'.repeat(64)}`).map((node) => node.size)).toEqual([100, 50]);
    // e is inside the d-e-f run.
    expect(pathTo(roots, `sha256:${'e'.repeat(64)}`).map((node) => node.size)).toEqual([200]);
    expect(pathTo(roots, 'sha256:nothing')).toEqual([]);
    const focused = rebase(roots[0]?.children[0] as ChainTreeNode);
    expect(focused.depth).toBe(0);
  });
});

describe('reuse', () => {
  it('adds up what sharing saves against storing each image alone', () => {
    // Alone: a 100 × 3 + b 50 + c 70 + d 150 + e 20 + f 30 = 620. Shared: 420. Saved: 200.
    expect(reuseSummary(layers)).toEqual({
      storedAloneBytes: 620,
      storedSharedBytes: 420,
      savedBytes: 200,
      sharedLayers: 1,
      unknownLayers: 0,
    });
  });

  it('lists the most shared layers with the copies they save', () => {
    const rows = mostSharedLayers([...layers, layer('9', 'a', 10, [P, Q])]);
    // a: 3 images, saves 100 × 2 = 200; 9: 2 images, saves 10 × 1 = 10.
    expect(rows.map((row) => [row.images.length, row.savedBytes])).toEqual([
      [3, 200],
      [2, 10],
    ]);
  });
});

describe('freed bytes', () => {
  it('counts only the layers every holder of which is removed', () => {
    // Removing P frees b (50) only: a is held by A and Q too.
    expect(bytesOnlyIn(new Set([P]), layers).bytes).toBe(50);
    // Removing A, P and Q frees a + b + c = 220.
    expect(bytesOnlyIn(new Set([A, P, Q]), layers).bytes).toBe(220);
    expect(bytesOnlyIn(new Set(), layers).bytes).toBe(0);
    // P and Q together take a + b + c = 220, each layer once.
    expect(bytesOfUnion(new Set([P, Q]), layers).bytes).toBe(220);
  });
});
