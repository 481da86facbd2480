import { describe, expect, it } from 'vitest';
import { accountImages, type ListedImage } from '../../src/domain/image-accounting.js';

const sizes: Record<string, number> = { base: 100, mid: 30, appA: 7, appB: 11, lone: 5 };
const image = (id: string, chainIds: string[]): ListedImage => ({
  id,
  repoTags: [`${id}:latest`],
  repoDigests: [],
  created: '2026-01-01T00:00:00.000Z',
  size: chainIds.reduce((total, chain) => total + (sizes[chain] ?? 0), 0),
  chainIds,
});

describe('accountImages', () => {
  const images = [
    image('a', ['base', 'mid', 'appA']),
    image('b', ['base', 'mid', 'appB']),
    image('c', ['base']),
    image('d', ['lone']),
  ];
  const accounted = accountImages(images, (chain) => sizes[chain] ?? 0, ['a', 'b', 'b', 'x']);
  const byId = new Map(accounted.map((entry) => [entry.id, entry]));

  it('shares a chain that more than one listed image has, by its diff size', () => {
    // base is in a, b and c (3 references), mid in a and b: 100 + 30 shared.
    expect(byId.get('a')?.sharedSize).toBe(130);
    expect(byId.get('b')?.sharedSize).toBe(130);
    // c is only base, which others have too: all of it is shared, nothing unique.
    expect(byId.get('c')?.sharedSize).toBe(100);
    expect(byId.get('c')?.size).toBe(100);
    expect(byId.get('d')?.sharedSize).toBe(0);
  });

  it('keeps the engine’s size and counts containers by image ID, any state', () => {
    expect(byId.get('a')?.size).toBe(137);
    expect(byId.get('a')?.containers).toBe(1);
    expect(byId.get('b')?.containers).toBe(2);
    expect(byId.get('d')?.containers).toBe(0);
  });
});
