import type { PruneKind } from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import { planPrune } from '../../src/domain/prune-plan.js';
import type {
  PruneBuildRecord,
  PruneContainer,
  PruneCriteria,
  PruneImage,
  PruneSnapshot,
} from '../../src/domain/prune-types.js';

/*
 * A hand-built layer graph. Layer sizes: A 100, B 30, C 20, D 7.
 *   base  = [A]      tagged, used by the running container "web"
 *   app1  = [A, B]   tagged, used by the stopped container "job" (writable layer 5 bytes)
 *   app2  = [A, C]   dangling
 *   old   = [D]      dangling
 */
const now = new Date('2026-06-01T00:00:00Z');

function image(id: string, chainIds: string[], extra: Partial<PruneImage> = {}): PruneImage {
  return {
    id,
    repoTags: [],
    repoDigests: [],
    parentId: null,
    created: '2026-01-01T00:00:00.000Z',
    labels: {},
    chainIds,
    idleSince: null,
    ...extra,
  };
}

function container(
  id: string,
  imageId: string,
  extra: Partial<PruneContainer> = {},
): PruneContainer {
  return {
    id,
    name: id,
    imageId,
    state: 'exited',
    created: '2026-01-01T00:00:00.000Z',
    labels: {},
    sizeRw: 0,
    volumeNames: [],
    ...extra,
  };
}

function snapshot(extra: Partial<PruneSnapshot> = {}): PruneSnapshot {
  return {
    images: [
      image('base', ['A'], { repoTags: ['base:1'] }),
      image('app1', ['A', 'B'], { repoTags: ['app:1'] }),
      image('app2', ['A', 'C']),
      image('old', ['D']),
    ],
    containers: [
      container('web', 'base', { state: 'running', sizeRw: 11, volumeNames: ['data'] }),
      container('job', 'app1', { sizeRw: 5 }),
    ],
    volumes: [
      { name: 'a'.repeat(64), anonymous: true, size: 40, created: null, labels: {} },
      { name: 'named', anonymous: false, size: 8, created: null, labels: {} },
      { name: 'data', anonymous: false, size: 9, created: null, labels: {} },
    ],
    buildCache: [
      {
        id: 'r1',
        parents: [],
        description: 'RUN make',
        size: 300,
        inUse: false,
        shared: false,
        created: null,
        lastUsed: '2026-05-01T00:00:00.000Z',
      },
      {
        id: 'r2',
        parents: [],
        description: 'FROM base',
        size: 50,
        inUse: false,
        shared: true,
        created: null,
        lastUsed: '2026-05-31T00:00:00.000Z',
      },
      {
        id: 'r3',
        parents: [],
        description: 'RUN test',
        size: 70,
        inUse: true,
        shared: false,
        created: null,
        lastUsed: null,
      },
    ],
    layerSizes: new Map([
      ['A', 100],
      ['B', 30],
      ['C', 20],
      ['D', 7],
    ]),
    ...extra,
  };
}

function criteria(kinds: PruneKind[], extra: Partial<PruneCriteria> = {}): PruneCriteria {
  return {
    kinds: new Set(kinds),
    unusedForDays: null,
    until: null,
    label: [],
    notLabel: [],
    now,
    ...extra,
  };
}

const summary = (plan: ReturnType<typeof planPrune>) =>
  plan.items.map((item) => [item.kind, item.id, item.bytes]);

describe('planPrune: images', () => {
  it('dangling images free only the layers nothing else holds: C (20) + D (7) = 27', () => {
    const plan = planPrune(snapshot(), criteria(['dangling-images']));
    // app2's A stays with base and app1.
    expect(summary(plan)).toEqual([
      ['image', 'app2', 20],
      ['image', 'old', 7],
    ]);
    expect(plan.totalBytes).toBe(27);
  });

  it('unused images keep what any container uses, stopped ones too: still 27', () => {
    const plan = planPrune(snapshot(), criteria(['unused-images']));
    expect(plan.items.map((item) => item.id)).toEqual(['app2', 'old']);
    expect(plan.totalBytes).toBe(27);
  });

  it('with stopped containers, their images become unused: 5 + B 30 + C 20 + D 7 = 62', () => {
    const plan = planPrune(snapshot(), criteria(['stopped-containers', 'unused-images']));
    expect(summary(plan)).toEqual([
      ['container', 'job', 5],
      ['image', 'app1', 30],
      ['image', 'app2', 20],
      ['image', 'old', 7],
    ]);
    expect(plan.totalBytes).toBe(62);
  });

  it('a layer two removed images share counts once, with the last of them', () => {
    // x = [P, Q], y = [P, R]; P 10, Q 1, R 2. x frees Q = 1; y frees P and R = 12; total 13.
    const plan = planPrune(
      snapshot({
        images: [image('x', ['P', 'Q']), image('y', ['P', 'R'])],
        containers: [],
        layerSizes: new Map([
          ['P', 10],
          ['Q', 1],
          ['R', 2],
        ]),
      }),
      criteria(['dangling-images']),
    );
    expect(summary(plan)).toEqual([
      ['image', 'x', 1],
      ['image', 'y', 12],
    ]);
    expect(plan.totalBytes).toBe(13);
  });

  it('an image whose child stays is kept; both go together, the child first', () => {
    const images = [
      image('parent', ['A']),
      image('child', ['A', 'B'], { parentId: 'parent', repoTags: ['child:1'] }),
    ];
    const dangling = planPrune(snapshot({ images, containers: [] }), criteria(['dangling-images']));
    expect(dangling.items).toEqual([]);
    const unused = planPrune(snapshot({ images, containers: [] }), criteria(['unused-images']));
    // child frees B (30); parent then frees A (100).
    expect(summary(unused)).toEqual([
      ['image', 'child', 30],
      ['image', 'parent', 100],
    ]);
  });

  /*
   * A legacy build: base [A] tagged; its steps s1 [A, B] and s2 [A, B, C], untagged parents;
   * the result top [A, B, C, D], dangling (an untagged build). Engine prune removes top and,
   * with it, s2 and s1, which then have no tag and no child: B 30 + C 20 + D 7 = 57.
   */
  const legacyBuild = () => [
    image('base', ['A'], { repoTags: ['base:1'] }),
    image('s1', ['A', 'B'], { parentId: 'base' }),
    image('s2', ['A', 'B', 'C'], { parentId: 's1' }),
    image('top', ['A', 'B', 'C', 'D'], { parentId: 's2' }),
  ];

  it('takes the untagged parents a removed image leaves, after it: D 7, C 20, B 30', () => {
    const plan = planPrune(
      snapshot({ images: legacyBuild(), containers: [] }),
      criteria(['dangling-images']),
    );
    expect(summary(plan)).toEqual([
      ['image', 'top', 7],
      ['image', 's2', 20],
      ['image', 's1', 30],
    ]);
    expect(plan.totalBytes).toBe(57);
    expect(plan.items.map((item) => item.name)).toEqual([
      '',
      'build parent of top',
      'build parent of top',
    ]);
    expect(plan.items.every((item) => item.reason === 'dangling-images')).toBe(true);
  });

  it('never takes an untagged parent on its own, nor one a container or another child holds', () => {
    const images = legacyBuild();
    // No top: s2 is an untagged image without a child, dangling itself; s1 is its parent.
    const alone = planPrune(
      snapshot({ images: images.slice(0, 3), containers: [] }),
      criteria(['dangling-images']),
    );
    expect(summary(alone)).toEqual([
      ['image', 's2', 20],
      ['image', 's1', 30],
    ]);
    // A stopped container of s1 keeps it, and with it its layer B.
    const used = planPrune(
      snapshot({ images, containers: [container('step', 's1')] }),
      criteria(['dangling-images']),
    );
    expect(summary(used)).toEqual([
      ['image', 'top', 7],
      ['image', 's2', 20],
    ]);
    // A tagged sibling of top on s2 keeps s2 and s1; with unused images it goes, and so do they.
    const sibling = image('tagged', ['A', 'B', 'C', 'E'], { parentId: 's2', repoTags: ['t:1'] });
    const kept = planPrune(
      snapshot({ images: [...images, sibling], containers: [] }),
      criteria(['dangling-images']),
    );
    expect(summary(kept)).toEqual([['image', 'top', 7]]);
    const all = planPrune(
      snapshot({ images: [...images, sibling], containers: [] }),
      criteria(['unused-images']),
    );
    // base had a child when the plan was made (as when the engine's prune reaches it): kept.
    expect(all.items.map((item) => item.id)).toEqual(['top', 'tagged', 's2', 's1']);
  });

  it('takes the parents whatever the filters, as the engine does, but only those previewed', () => {
    const images = legacyBuild().map((each) =>
      each.id === 'top' ? { ...each, labels: { keep: 'no' } } : each,
    );
    const filtered = planPrune(
      snapshot({ images, containers: [] }),
      criteria(['dangling-images'], { label: [{ key: 'keep', value: 'no' }] }),
    );
    expect(filtered.items.map((item) => item.id)).toEqual(['top', 's2', 's1']);
    const restricted = planPrune(
      snapshot({ images, containers: [] }),
      criteria(['dangling-images']),
      new Set(['image:top', 'image:s2']),
    );
    expect(summary(restricted)).toEqual([
      ['image', 'top', 7],
      ['image', 's2', 20],
    ]);
  });

  it('counts a layer without a recorded size as 0 and names it', () => {
    const plan = planPrune(
      snapshot({ layerSizes: new Map([['C', 20]]) }),
      criteria(['dangling-images']),
    );
    expect(plan.totalBytes).toBe(20);
    expect(plan.unsizedLayers).toEqual(['D']);
  });

  it('unused for N days: only images known idle since before the cutoff', () => {
    const images = [
      image('idle', ['C'], { repoTags: ['idle:1'], idleSince: '2026-04-01T00:00:00.000Z' }),
      image('recent', ['D'], { repoTags: ['recent:1'], idleSince: '2026-05-25T00:00:00.000Z' }),
      image('unknown', ['B'], { repoTags: ['unknown:1'], idleSince: null }),
    ];
    // 30 days before 2026-06-01 is 2026-05-02: only "idle" (2026-04-01) qualifies.
    const plan = planPrune(
      snapshot({ images, containers: [] }),
      criteria(['unused-for-days'], { unusedForDays: 30 }),
    );
    expect(summary(plan)).toEqual([['image', 'idle', 20]]);
  });
});

describe('planPrune: containers, volumes, build cache, filters', () => {
  it('anonymous volumes by default; named ones only when asked; never a mounted one', () => {
    const anonymous = planPrune(snapshot(), criteria(['anonymous-volumes']));
    expect(summary(anonymous)).toEqual([['volume', 'a'.repeat(64), 40]]);
    const named = planPrune(snapshot(), criteria(['named-volumes']));
    // "data" is mounted by the running container web.
    expect(summary(named)).toEqual([['volume', 'named', 8]]);
  });

  it('a volume only a removed container used goes with it', () => {
    const plan = planPrune(
      snapshot({
        containers: [container('job', 'app1', { sizeRw: 5, volumeNames: ['named'] })],
      }),
      criteria(['stopped-containers', 'named-volumes']),
    );
    expect(plan.items.map((item) => item.id)).toEqual(['job', 'named', 'data']);
  });

  it('build cache: unused records; a shared record frees nothing: 300 + 0 = 300', () => {
    const plan = planPrune(snapshot(), criteria(['build-cache']));
    expect(summary(plan)).toEqual([
      ['build-cache', 'r1', 300],
      ['build-cache', 'r2', 0],
    ]);
    expect(plan.totalBytes).toBe(300);
  });

  it('build cache: children before parents; a record whose child stays is not listed', () => {
    const record = (id: string, parents: string[], extra: Partial<PruneBuildRecord> = {}) => ({
      id,
      parents,
      description: id,
      size: 10,
      inUse: false,
      shared: false,
      created: null,
      lastUsed: null,
      ...extra,
    });
    // from -> step1 -> step2 -> step3, and step1 -> other; the engine lists parents first.
    const buildCache = [
      record('from', []),
      record('step1', ['from']),
      record('step2', ['step1']),
      record('other', ['step1']),
      record('step3', ['step2']),
    ];
    const ids = (plan: ReturnType<typeof planPrune>) => plan.items.map((item) => item.id);
    const all = planPrune(snapshot({ buildCache }), criteria(['build-cache']));
    expect(ids(all)).toEqual(['other', 'step3', 'step2', 'step1', 'from']);
    expect(all.totalBytes).toBe(50);
    // A build using step3 holds it, and so its whole chain; "other" alone can go.
    const held = buildCache.map((r) => (r.id === 'step3' ? { ...r, inUse: true } : r));
    expect(ids(planPrune(snapshot({ buildCache: held }), criteria(['build-cache'])))).toEqual([
      'other',
    ]);
  });

  it('until: only what was created (build cache: last used) before it', () => {
    const until = new Date('2026-05-15T00:00:00Z');
    const plan = planPrune(
      snapshot({
        images: [
          image('early', ['C'], { created: '2026-05-01T00:00:00.000Z' }),
          image('late', ['D'], { created: '2026-05-20T00:00:00.000Z' }),
        ],
        containers: [],
      }),
      criteria(['dangling-images', 'build-cache'], { until }),
    );
    expect(plan.items.map((item) => item.id)).toEqual(['early', 'r1']);
  });

  it('label and label!: every label must match, none of the excluded', () => {
    const images = [
      image('a', ['B'], { labels: { team: 'x', keep: '' } }),
      image('b', ['C'], { labels: { team: 'x' } }),
      image('c', ['D'], { labels: { team: 'y' } }),
    ];
    const plan = planPrune(
      snapshot({ images, containers: [] }),
      criteria(['dangling-images'], {
        label: [{ key: 'team', value: 'x' }],
        notLabel: [{ key: 'keep', value: null }],
      }),
    );
    expect(plan.items.map((item) => item.id)).toEqual(['b']);
  });

  it('restricted to a preview, it never removes nor counts on anything else', () => {
    // job is not in the preview: it stays, so app1 stays used and its B is not freed.
    const plan = planPrune(
      snapshot(),
      criteria(['stopped-containers', 'unused-images']),
      new Set(['image:app1', 'image:app2']),
    );
    expect(summary(plan)).toEqual([['image', 'app2', 20]]);
  });
});
