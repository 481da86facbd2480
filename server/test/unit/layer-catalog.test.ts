import { describe, expect, it } from 'vitest';
import { chainNodes } from '../../src/domain/layer-catalog.js';
import { chainIds } from '../../src/domain/layers.js';

const diff = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

describe('chainNodes', () => {
  it('lists each chain once, parents first, with every image above it and the images it tops', () => {
    const base = { id: 'base', diffIds: [diff(1)] };
    const app = { id: 'app', diffIds: [diff(1), diff(2)] };
    const other = { id: 'other', diffIds: [diff(1), diff(3)] };
    // The same diff as app's top, on another base: another chain.
    const moved = { id: 'moved', diffIds: [diff(4), diff(2)] };
    const nodes = chainNodes([app, base, other, moved]);

    const [b, appTop] = chainIds(app.diffIds);
    const otherTop = chainIds(other.diffIds)[1];
    const [movedBase, movedTop] = chainIds(moved.diffIds);
    expect(nodes).toEqual([
      {
        chainId: b,
        diffId: diff(1),
        parentChainId: null,
        images: ['app', 'base', 'other'],
        topOf: ['base'],
      },
      { chainId: appTop, diffId: diff(2), parentChainId: b, images: ['app'], topOf: ['app'] },
      { chainId: otherTop, diffId: diff(3), parentChainId: b, images: ['other'], topOf: ['other'] },
      { chainId: movedBase, diffId: diff(4), parentChainId: null, images: ['moved'], topOf: [] },
      {
        chainId: movedTop,
        diffId: diff(2),
        parentChainId: movedBase,
        images: ['moved'],
        topOf: ['moved'],
      },
    ]);
  });

  it('names an image once under a layer even when its chain repeats a diff', () => {
    // Two identical diffs in a row (an empty layer twice) are two chains.
    const image = { id: 'twice', diffIds: [diff(5), diff(5), diff(5)] };
    const nodes = chainNodes([image]);
    expect(nodes.map((node) => node.images)).toEqual([['twice'], ['twice'], ['twice']]);
    expect(nodes.map((node) => node.topOf)).toEqual([[], [], ['twice']]);
  });

  it('keeps a shared base to one entry per image at thousands of images', () => {
    const images = Array.from({ length: 3000 }, (_, index) => ({
      id: `image-${index}`,
      diffIds: [diff(1), diff(2), diff(10 + index)],
    }));
    const nodes = chainNodes(images);
    expect(nodes).toHaveLength(3002);
    expect(nodes[0]?.images).toEqual(images.map((image) => image.id));
    expect(nodes[1]?.images).toHaveLength(3000);
  });
});
