import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commonChainPrefix, planPull, PullPlanError } from '../../src/domain/pull-plan.js';

/*
 * A hand-built case. Diffs A, B, C, X; their compressed blobs a (1,000 bytes), b (300),
 * c (20), x (7). The image to pull is [A, B, C].
 *   base  = [A]        local
 *   other = [X, B]     local: B on another base, so B's chain under A is NOT local
 *   mid   = [A, B]     local in some tests
 */
const id = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const [A, B, C, X] = ['A', 'B', 'C', 'X'].map((name) => id(`diff ${name}`)) as [
  string,
  string,
  string,
  string,
];
const [a, b, c] = ['a', 'b', 'c'].map((name) => id(`blob ${name}`)) as [string, string, string];
const gzip = 'application/vnd.oci.image.layer.v1.tar+gzip';
const layers = [
  { digest: a, mediaType: gzip, compressedBytes: 1000 },
  { digest: b, mediaType: gzip, compressedBytes: 300 },
  { digest: c, mediaType: gzip, compressedBytes: 20 },
];
const diffIds = [A, B, C];
const base = { id: id('image base'), name: 'base:1', diffIds: [A] };
const other = { id: id('image other'), name: 'other:1', diffIds: [X, B] };
const mid = { id: id('image mid'), name: 'mid:1', diffIds: [A, B] };
const allKnown = new Map([
  [a, A],
  [b, B],
  [c, C],
]);
const estimates = new Map([
  [a, 4000],
  [b, 900],
  [c, 50],
]);

describe('planPull', () => {
  it('reuses the local base and downloads the rest: 300 + 20 = 320 bytes', () => {
    const plan = planPull({
      layers,
      diffIds,
      localImages: [base],
      digestRecords: allKnown,
      uncompressedEstimates: estimates,
    });
    expect(plan.layers.map((layer) => [layer.local, layer.willDownload])).toEqual([
      [true, false],
      [false, true],
      [false, true],
    ]);
    expect(plan.downloadBytes).toBe(320);
    expect(plan.downloadLayers).toBe(2);
    expect(plan.reusedLayers).toBe(1);
    expect(plan.downloadedAgainBytes).toBe(0);
    expect(plan.downloadExact).toBe(true);
    // Only the layers not local add disk: 900 + 50.
    expect(plan.estimatedDiskBytes).toEqual({ bytes: 950, estimatedLayers: 2, newLayers: 2 });
    expect(plan.sharedBaseWith).toEqual([{ id: base.id, name: 'base:1', sharedLayers: 1 }]);
    // The bottom chain ID is the diff ID itself (OCI "ChainID").
    expect(plan.layers[0]?.chainId).toBe(A);
  });

  it('does not reuse the same diff on another base (a set match would say 2 of 3 reused)', () => {
    const plan = planPull({
      layers,
      diffIds,
      localImages: [other],
      digestRecords: allKnown,
      uncompressedEstimates: estimates,
    });
    expect(plan.layers.every((layer) => !layer.local)).toBe(true);
    expect(plan.downloadBytes).toBe(1320);
    expect(plan.reusedLayers).toBe(0);
    expect(plan.sharedBaseWith).toEqual([]);
    expect(plan.estimatedDiskBytes).toEqual({ bytes: 4950, estimatedLayers: 3, newLayers: 3 });
  });

  it('downloads a local layer again when the engine has no digest record, and all above it', () => {
    // mid = [A, B] is local, but A came from `docker load`: no record for blob a.
    const plan = planPull({
      layers,
      diffIds,
      localImages: [mid, base],
      digestRecords: new Map([
        [b, B],
        [c, C],
      ]),
      uncompressedEstimates: estimates,
    });
    expect(plan.layers.map((layer) => layer.engineKnowsDigest)).toEqual([false, true, true]);
    expect(plan.layers.map((layer) => layer.willDownload)).toEqual([true, true, true]);
    expect(plan.downloadBytes).toBe(1320);
    // a (1,000) and b (300) are local yet fetched again.
    expect(plan.downloadedAgainBytes).toBe(1300);
    expect(plan.reusedLayers).toBe(0);
    // Only c adds disk.
    expect(plan.estimatedDiskBytes).toEqual({ bytes: 50, estimatedLayers: 1, newLayers: 1 });
    expect(plan.sharedBaseWith.map((image) => [image.name, image.sharedLayers])).toEqual([
      ['mid:1', 2],
      ['base:1', 1],
    ]);
  });

  it('a record pointing to another diff is no record', () => {
    const plan = planPull({
      layers,
      diffIds,
      localImages: [base],
      digestRecords: new Map([[a, X]]),
      uncompressedEstimates: new Map(),
    });
    expect(plan.layers[0]?.engineKnowsDigest).toBe(false);
    expect(plan.downloadBytes).toBe(1320);
  });

  it('says not known, and not exact, when the records cannot be read', () => {
    const plan = planPull({
      layers,
      diffIds,
      localImages: [base],
      digestRecords: null,
      uncompressedEstimates: new Map([[b, 900]]),
    });
    expect(plan.layers.map((layer) => layer.engineKnowsDigest)).toEqual([null, null, null]);
    expect(plan.downloadBytes).toBe(320);
    expect(plan.downloadExact).toBe(false);
    // c's tail was not had: 1 of 2 new layers estimated.
    expect(plan.estimatedDiskBytes).toEqual({ bytes: 900, estimatedLayers: 1, newLayers: 2 });
  });

  it('an image already local downloads nothing and adds nothing', () => {
    const plan = planPull({
      layers,
      diffIds,
      localImages: [{ id: id('image full'), name: 'full:1', diffIds }],
      digestRecords: allKnown,
      uncompressedEstimates: new Map(),
    });
    expect(plan.downloadBytes).toBe(0);
    expect(plan.reusedLayers).toBe(3);
    expect(plan.estimatedDiskBytes).toEqual({ bytes: 0, estimatedLayers: 0, newLayers: 0 });
  });

  it('refuses a manifest and config that disagree on the layer count', () => {
    expect(() =>
      planPull({
        layers,
        diffIds: [A, B],
        localImages: [],
        digestRecords: null,
        uncompressedEstimates: new Map(),
      }),
    ).toThrow(PullPlanError);
  });

  it('commonChainPrefix counts the shared bottom', () => {
    expect(commonChainPrefix(['1', '2', '3'], ['1', '2', '4'])).toBe(2);
    expect(commonChainPrefix(['1'], ['2'])).toBe(0);
    expect(commonChainPrefix([], ['2'])).toBe(0);
  });
});
