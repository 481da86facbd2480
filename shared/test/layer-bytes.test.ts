import { describe, expect, it } from 'vitest';
import { bytesOfUnion, bytesOnlyIn, summarizeLayers } from '../src/layer-bytes.js';
import type { ImageSummary } from '../src/schemas/images.js';
import type { LayerList, LayerNode } from '../src/schemas/layers.js';

const id = (digit: string) => `sha256:${digit.repeat(64)}`;

function layer(digit: string, size: number | null, diskBytes: number | null, images: string[]) {
  return {
    chainId: id(digit),
    diffId: id(digit),
    parentChainId: null,
    cacheId: null,
    size,
    diskBytes,
    images: images.map(id),
    topOf: [],
  } satisfies LayerNode;
}

function list(layers: LayerNode[]): LayerList {
  return {
    layers,
    layerMetadata: { readable: true, message: null },
    measured: layers.every((each) => each.diskBytes !== null),
    notMeasuredReason: null,
  };
}

const image = (digit: string, repoTags: string[], containers: number) =>
  ({ id: id(digit), repoTags, dangling: repoTags.length === 0, containers }) as ImageSummary;

// a: tagged, a container uses it. b: dangling. c: tagged, unused.
const images = [image('a', ['a:1'], 1), image('b', [], 0), image('c', ['c:1'], 0)];

describe('the layer list summed (GET /api/layers/summary)', () => {
  it('splits the layers by how many images hold them, in engine and on-disk bytes', () => {
    const summary = summarizeLayers(
      list([
        layer('1', 2_900, 3_000, ['a', 'b', 'c']),
        layer('2', 1_400, 1_500, ['a']),
        layer('3', 450, 500, ['b']),
        layer('4', 100, 200, ['b', 'c']),
      ]),
      images,
    );
    expect(summary.unique).toEqual({ layers: 2, engineBytes: 1_850, diskBytes: 2_000 });
    expect(summary.shared).toEqual({ layers: 2, engineBytes: 3_000, diskBytes: 3_200 });
    // Dangling: b alone holds layer 3. Unused (b and c): layers 3 and 4.
    expect(summary.onlyIn.dangling).toEqual({
      images: 1,
      layers: 1,
      engineBytes: 450,
      unknownLayers: 0,
    });
    expect(summary.onlyIn.unused).toEqual({
      images: 2,
      layers: 2,
      engineBytes: 550,
      unknownLayers: 0,
    });
    expect(summary.measured).toBe(true);
  });

  it('gives no sum it cannot make whole: a size unknown, a layer not measured', () => {
    const summary = summarizeLayers(
      list([layer('1', null, 3_000, ['a', 'b']), layer('2', 1_400, null, ['a'])]),
      images,
    );
    expect(summary.unique).toEqual({ layers: 1, engineBytes: 1_400, diskBytes: null });
    expect(summary.shared).toEqual({ layers: 1, engineBytes: null, diskBytes: 3_000 });
    expect(summary.measured).toBe(false);
  });

  it('counts a layer of unknown size apart, and frees nothing for an empty set', () => {
    const summary = summarizeLayers(list([layer('1', null, null, ['b'])]), [image('b', [], 0)]);
    expect(summary.onlyIn.dangling).toEqual({
      images: 1,
      layers: 1,
      engineBytes: 0,
      unknownLayers: 1,
    });
    const none = summarizeLayers(list([layer('1', 10, null, ['a'])]), [image('a', ['a:1'], 1)]);
    expect(none.onlyIn.unused).toEqual({ images: 0, layers: 0, engineBytes: 0, unknownLayers: 0 });
  });

  it('sums a selection alone, and a set together', () => {
    const layers = [layer('1', 10, null, ['a', 'b']), layer('2', 5, null, ['b'])];
    expect(bytesOnlyIn(new Set([id('b')]), layers)).toEqual({
      bytes: 5,
      unknownLayers: 0,
      layers: 1,
    });
    expect(bytesOfUnion(new Set([id('b')]), layers)).toEqual({
      bytes: 15,
      unknownLayers: 0,
      layers: 2,
    });
  });
});
