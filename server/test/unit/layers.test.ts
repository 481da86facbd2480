import { describe, expect, it } from 'vitest';
import { toImageSummary } from '../../src/domain/images.js';
import { chainIds, imagesByChain } from '../../src/domain/layers.js';

// Diff IDs and chain IDs as engine 20.10 recorded them for a two-layer BuildKit image.
const bottom = 'sha256:8c3ee2c7871075584807325f95c7a6aff3a1e3f304b6f7fdc2ec039a216f5c51';
const top = 'sha256:48d88a64c728b7038f40f336a3b6d9902be71716238a0f8dcbcf1b0abf49b841';
const topChain = 'sha256:28731ca28f269fc6faac38b55c4d37b42449bcbe4316f94cc626cabc19894099';

describe('chainIds', () => {
  it('is the diff ID at the bottom and sha256("<parent> <diff>") above', () => {
    expect(chainIds([bottom, top])).toEqual([bottom, topChain]);
  });

  it('gives the same diff on another base another chain ID', () => {
    const [, onOtherBase] = chainIds([top, top]);
    expect(onOtherBase).not.toBe(top);
    expect(onOtherBase).not.toBe(topChain);
  });

  it('is empty for an image without layers', () => {
    expect(chainIds([])).toEqual([]);
  });
});

describe('imagesByChain', () => {
  it('names every image above each chain, once per image', () => {
    const byChain = imagesByChain([
      { id: 'base', diffIds: [bottom] },
      { id: 'app', diffIds: [bottom, top] },
      { id: 'other', diffIds: [top] },
    ]);
    expect(byChain.get(bottom)).toEqual(['base', 'app']);
    expect(byChain.get(topChain)).toEqual(['app']);
    expect(byChain.get(top)).toEqual(['other']);
    expect(byChain.size).toBe(3);
  });
});

describe('toImageSummary', () => {
  it('takes size and shared size from the engine and derives unique = size − shared', () => {
    const summary = toImageSummary({
      id: 'sha256:1',
      repoTags: [],
      repoDigests: [],
      created: '2026-01-01T00:00:00.000Z',
      containers: 0,
      size: 280_100,
      sharedSize: 230_100,
    });
    expect(summary).toMatchObject({
      dangling: true,
      size: 280_100,
      sharedSize: 230_100,
      uniqueSize: 50_000,
    });
    // Chain IDs are in GET /api/layers and the image detail, not in every row of the list.
    expect(summary).not.toHaveProperty('layers');
  });
});
