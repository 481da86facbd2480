import { describe, expect, it } from 'vitest';
import { hexId, image } from '../../../test/fixtures';
import { layer, layerList } from '../../../test/layers';
import { imageDiskBytes } from './image-disk';

// Layer 1 (4,096 B on disk) is the base of app1 and app2; 2 (8,192 B) is app1's alone, 3 is
// app2's and not measured; 4 and 5 (1,000 + 500 B) are another base and its child under app3.
const app1 = image({ id: hexId('a'), size: 130 });
const app2 = image({ id: hexId('b'), size: 120 });
const app3 = image({ id: hexId('c'), size: 15 });
const list = layerList([
  layer('1', null, 100, [app1.id, app2.id], [], 4096),
  layer('2', '1', 30, [app1.id], [app1.id], 8192),
  layer('3', '1', 20, [app2.id], [app2.id], null),
  layer('4', null, 10, [app3.id], [], 1000),
  layer('5', '4', 5, [app3.id], [app3.id], 500),
]);

describe('imageDiskBytes', () => {
  it('adds up every layer that names the image, shared layers in each image', () => {
    const disk = imageDiskBytes([app1, app3], list);
    // app1: 4,096 (shared with app2) + 8,192 = 12,288; app3: 1,000 + 500.
    expect(disk.get(app1.id)).toBe(12_288);
    expect(disk.get(app3.id)).toBe(1_500);
  });

  it('is null for an image with a layer not measured, whatever the order of its layers', () => {
    expect(imageDiskBytes([app2], list).get(app2.id)).toBeNull();
    const topFirst = layerList([...list.layers].reverse());
    expect(imageDiskBytes([app1, app2], topFirst)).toEqual(
      new Map([
        [app1.id, 12_288],
        [app2.id, null],
      ]),
    );
  });

  it('is 0 for an image no layer names that has no bytes (no layers at all)', () => {
    const empty = image({ id: hexId('d'), size: 0 });
    expect(imageDiskBytes([empty], list).get(empty.id)).toBe(0);
    expect(imageDiskBytes([empty], layerList([])).get(empty.id)).toBe(0);
  });

  it('is null for an image with bytes that no layer names yet (a layer list from before it)', () => {
    const newer = image({ id: hexId('e'), size: 2_000 });
    expect(imageDiskBytes([newer, app1], list)).toEqual(
      new Map([
        [newer.id, null],
        [app1.id, 12_288],
      ]),
    );
  });

  it('answers only for the images asked about', () => {
    expect([...imageDiskBytes([app3], list).keys()]).toEqual([app3.id]);
  });
});
