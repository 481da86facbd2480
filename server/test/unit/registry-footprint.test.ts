import { describe, expect, it } from 'vitest';
import {
  freedByRemoval,
  markedBlobs,
  type RegistryContent,
  type RegistryManifest,
  registryFootprint,
  tagSizes,
} from '../../src/domain/registry-footprint.js';

/*
 * A hand-built registry. Blob sizes (bytes): layers L1 1000 (the shared base), L2 200, L3 30,
 * L4 7, L5 50; configs C0 10, C1 11, C2 12, C3 13; manifests M0 499, M1 500, M2 501, M3 502.
 *   app:v1          -> M1 = C1 + L1 + L2
 *   app:v2, latest  -> M2 = C2 + L1 + L3
 *   app (untagged)     M0 = C0 + L1 + L5   (a v2 pushed earlier, say)
 *   tool:1          -> M3 = C3 + L1 + L4
 *   empty              no tags
 */
const d = (name: string) => `sha256:${name.toLowerCase().padEnd(64, '0')}`;
const blob = (name: string, bytes: number) => ({ digest: d(name), bytes });
const image = (
  name: string,
  bytes: number,
  config: string,
  cb: number,
  layers: [string, number][],
) =>
  ({
    kind: 'image',
    digest: d(name),
    bytes,
    config: blob(config, cb),
    layers: layers.map(([layer, lb]) => blob(layer, lb)),
  }) satisfies RegistryManifest;

const manifests: Record<string, RegistryManifest> = Object.fromEntries(
  [
    image('a0', 499, 'c0', 10, [
      ['b1', 1000],
      ['b5', 50],
    ]),
    image('a1', 500, 'c1', 11, [
      ['b1', 1000],
      ['b2', 200],
    ]),
    image('a2', 501, 'c2', 12, [
      ['b1', 1000],
      ['b3', 30],
    ]),
    image('a3', 502, 'c3', 13, [
      ['b1', 1000],
      ['b4', 7],
    ]),
  ].map((m) => [m.digest, m]),
);

const registry: RegistryContent = {
  repositories: [
    { name: 'app', tags: { v1: d('a1'), v2: d('a2'), latest: d('a2') }, manifests: [d('a0')] },
    { name: 'tool', tags: { '1': d('a3') }, manifests: [] },
    { name: 'empty', tags: {}, manifests: [] },
  ],
  manifests,
};

describe('tag sizes', () => {
  it('is config + layers, compressed', () => {
    expect(tagSizes(registry, d('a1')).compressedBytes).toBe(11 + 1000 + 200); // 1211
    expect(tagSizes(registry, d('a2')).compressedBytes).toBe(1042);
    expect(tagSizes(registry, d('a3')).compressedBytes).toBe(1020);
  });
});

describe('the garbage collector’s mark', () => {
  it('marks tagged manifests, their configs and layers, each blob once', () => {
    const marked = markedBlobs(registry);
    // M1 500 + C1 11 + L1 1000 + L2 200 + M2 501 + C2 12 + L3 30 + M3 502 + C3 13 + L4 7
    expect([...marked.values()].reduce((a, b) => a + b, 0)).toBe(2776);
    expect(marked.has(d('a0'))).toBe(false);
    expect(marked.has(d('b5'))).toBe(false);
  });

  it('frees, for a deleted digest, the blobs no other tagged manifest marks', () => {
    // v1: M1 500 + C1 11 + L2 200; L1 stays (v2 and tool:1 mark it).
    expect(freedByRemoval(registry, { repository: 'app', digests: [d('a1')] }).bytes).toBe(711);
  });
});

describe('the whole footprint', () => {
  const footprint = registryFootprint(registry);
  const app = footprint.repositories.find((r) => r.name === 'app');
  const tool = footprint.repositories.find((r) => r.name === 'tool');
  const empty = footprint.repositories.find((r) => r.name === 'empty');

  it('counts shared blobs once, and the tags’ plain sum beside it', () => {
    expect(footprint.markedBytes).toBe(2776);
    expect(footprint.tagSumBytes).toBe(1211 + 1042 + 1042 + 1020); // 4315
    // M0 499 + C0 10 + L5 50: swept by the next GC without any deletion.
    expect(footprint.reclaimableNowBytes).toBe(559);
    expect(footprint.holdsIndexes).toBe(false);
  });

  it('gives each tag the bytes only its digest holds, and its siblings on that digest', () => {
    expect(app?.tags.map((t) => [t.tag, t.onlyHeldBytes, t.sameDigestTags])).toEqual([
      ['latest', 543, ['v2']], // M2 501 + C2 12 + L3 30
      ['v1', 711, []],
      ['v2', 543, ['latest']],
    ]);
    expect(tool?.tags[0]?.onlyHeldBytes).toBe(502 + 13 + 7);
  });

  it('gives each repository the bytes deleting all of it frees', () => {
    // 711 + 543: L1 stays, tool:1 marks it.
    expect(app?.onlyHeldBytes).toBe(1254);
    // M1, C1, L1, L2, M2, C2, L3 once each.
    expect(app?.storedBytes).toBe(500 + 11 + 1000 + 200 + 501 + 12 + 30);
    expect(tool?.onlyHeldBytes).toBe(522);
  });

  it('lists untagged manifests with what the next GC sweeps of them, and empty repositories', () => {
    expect(app?.untagged).toEqual([
      { digest: d('a0'), kind: 'image', compressedBytes: 1060, sweptBytes: 559 },
    ]);
    expect(empty).toMatchObject({ empty: true, tags: [], onlyHeldBytes: 0, storedBytes: 0 });
    expect(app?.empty).toBe(false);
  });

  it('frees nothing of a digest another repository tags too (one blob store)', () => {
    const mirrored: RegistryContent = {
      ...registry,
      repositories: [
        ...registry.repositories,
        { name: 'mirror', tags: { x: d('a3') }, manifests: [] },
      ],
    };
    const again = registryFootprint(mirrored);
    expect(again.repositories.find((r) => r.name === 'tool')?.tags[0]?.onlyHeldBytes).toBe(0);
    expect(again.markedBytes).toBe(2776);
  });
});

/*
 * An index: multi:1 -> I (300 bytes) with children
 *   A (400, linux/amd64) = C 5 + X 100 + Y 20
 *   B (401, linux/arm64) = C 6 + X2 110
 *   T (402, attestation) = C 7 + Z 3
 */
describe('an index', () => {
  const index: RegistryManifest = {
    kind: 'index',
    digest: d('f0'),
    bytes: 300,
    children: [
      { ...blob('fa', 400), platform: 'linux/amd64', attestation: false },
      { ...blob('fb', 401), platform: 'linux/arm64', attestation: false },
      { ...blob('fc', 402), platform: null, attestation: true },
    ],
  };
  const children = [
    image('fa', 400, 'ca', 5, [
      ['e1', 100],
      ['e2', 20],
    ]),
    image('fb', 401, 'cb', 6, [['e3', 110]]),
    image('fc', 402, 'cc', 7, [['e4', 3]]),
  ];
  const content = (present: string[], extra: RegistryContent['repositories'] = []) => ({
    repositories: [{ name: 'multi', tags: { '1': d('f0') }, manifests: present }, ...extra],
    manifests: Object.fromEntries([index, ...children].map((m) => [m.digest, m])),
  });
  const all = [d('fa'), d('fb'), d('fc')];

  it('has a size per platform and none of its own', () => {
    const sizes = tagSizes(content(all), d('f0'));
    expect(sizes.compressedBytes).toBeNull();
    expect(sizes.platforms.map((p) => [p.platform, p.attestation, p.compressedBytes])).toEqual([
      ['linux/amd64', false, 125],
      ['linux/arm64', false, 116],
      [null, true, 10],
    ]);
  });

  it('frees the index, its children and their blobs', () => {
    const tag = registryFootprint(content(all)).repositories[0]?.tags[0];
    // 300 + (400 + 5 + 100 + 20) + (401 + 6 + 110) + (402 + 7 + 3)
    expect(tag?.onlyHeldBytes).toBe(1754);
    expect(registryFootprint(content(all)).holdsIndexes).toBe(true);
    expect(registryFootprint(content(all)).repositories[0]?.untagged).toEqual([]);
  });

  it('keeps a layer another repository’s tag marks', () => {
    const other = { name: 'base', tags: { x: d('fa') }, manifests: [] };
    const tag = registryFootprint(content(all, [other])).repositories[0]?.tags[0];
    // A (400 + 5 + 100 + 20 = 525) stays, tagged in "base".
    expect(tag?.onlyHeldBytes).toBe(1754 - 525);
  });

  it('does not follow a child that is not a revision of the repository', () => {
    const marked = markedBlobs(content([d('fb'), d('fc')]));
    expect(marked.get(d('fa'))).toBe(400);
    expect(marked.has(d('e1'))).toBe(false);
    expect(marked.has(d('e3'))).toBe(true);
  });
});
