import { describe, expect, it } from 'vitest';
import { hexId, image } from '../../../test/fixtures';
import { layer } from '../../../test/layers';
import { filterImages, matchesSearch, repositoryOf } from './filter-images';
import { pairHistory } from './pair-history';
import { rollUpRepositories, sortRollups } from './repository-rollup';
import { selectRange, selectionFromParam, selectionToParam, toggle } from './selection';

const app1 = image({
  id: hexId('a'),
  repoTags: ['team/app:1', 'registry.example:5000/team/app:1'],
  repoDigests: ['team/app@sha256:' + 'd'.repeat(64)],
  containers: 1,
});
const app2 = image({ id: hexId('b'), repoTags: ['team/app:2'] });
const dangling = image({ id: hexId('c') });

describe('repositoryOf', () => {
  it('drops the tag and the digest, never a registry port', () => {
    expect(repositoryOf('debian:12')).toBe('debian');
    expect(repositoryOf('registry.example:5000/team/app:1')).toBe('registry.example:5000/team/app');
    expect(repositoryOf('registry.example:5000/team/app')).toBe('registry.example:5000/team/app');
    expect(repositoryOf(`team/app@sha256:${'d'.repeat(64)}`)).toBe('team/app');
  });
});

describe('filterImages', () => {
  const all = [app1, app2, dangling];
  it('searches tags, IDs (with or without sha256:) and digests', () => {
    expect(matchesSearch(app1, 'APP:1')).toBe(true);
    expect(matchesSearch(app1, 'sha256:aaaa')).toBe(true);
    expect(matchesSearch(app1, 'dddddd')).toBe(true);
    expect(matchesSearch(app2, 'team 2')).toBe(true);
    expect(matchesSearch(app2, 'team 3')).toBe(false);
  });

  it('filters dangling, unused, in use and by repository', () => {
    const ids = (filter: 'all' | 'dangling' | 'unused' | 'in-use', repo = '', q = '') =>
      filterImages(all, { q, filter, repo }).map((entry) => entry.id);
    expect(ids('dangling')).toEqual([dangling.id]);
    expect(ids('unused')).toEqual([app2.id, dangling.id]);
    expect(ids('in-use')).toEqual([app1.id]);
    expect(ids('all', 'team/app')).toEqual([app1.id, app2.id]);
    expect(ids('all', 'registry.example:5000/team/app')).toEqual([app1.id]);
    expect(ids('unused', 'team/app', '2')).toEqual([app2.id]);
  });
});

describe('rollUpRepositories', () => {
  // Layer 1 (100 B) is shared by app1 and app2; 2 (30 B) is app1's, 3 (20 B) app2's, 4 (5 B) the
  // dangling image's.
  const layers = [
    layer('1', null, 100, [app1.id, app2.id]),
    layer('2', '1', 30, [app1.id]),
    layer('3', '1', 20, [app2.id]),
    layer('4', null, 5, [dangling.id]),
  ];

  it('groups all tags of a repository with their shared and unique bytes', () => {
    const rows = rollUpRepositories([app1, app2, dangling], layers);
    const team = rows.find((row) => row.repository === 'team/app');
    // team/app holds app1 and app2: 100 + 30 + 20 = 150, all of it only theirs.
    expect(team).toMatchObject({
      tags: ['team/app:1', 'team/app:2'],
      size: 150,
      uniqueSize: 150,
      sharedSize: 0,
      containers: 1,
    });
    // The registry copy holds app1 only: 100 + 30 = 130, of which layer 1 (100) is shared with
    // app2 (another repository), so unique 30, shared 100.
    const registry = rows.find((row) => row.repository === 'registry.example:5000/team/app');
    expect(registry).toMatchObject({ size: 130, uniqueSize: 30, sharedSize: 100 });
    expect(rows.find((row) => row.repository === '<none>')).toMatchObject({ size: 5 });
    expect(sortRollups(rows, 'size', 'descending').map((row) => row.size)).toEqual([150, 130, 5]);
  });

  it('shows no number while the layer sizes are not there', () => {
    expect(rollUpRepositories([app1], undefined)[0]?.size).toBeNull();
  });
});

describe('selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  it('toggles, and shift-selects the range from the anchor in the order shown', () => {
    expect([...toggle(new Set(['a']), 'a')]).toEqual([]);
    expect([...selectRange(order, new Set(['b']), 'b', 'd')].sort()).toEqual(['b', 'c', 'd']);
    // Backwards, and a shift-click on a selected row clears the range.
    expect([...selectRange(order, new Set(['a', 'b', 'c', 'd']), 'd', 'b')]).toEqual(['a']);
  });

  it('round-trips through the URL as 12-digit short IDs', () => {
    const ids = [hexId('a'), hexId('b'), hexId('c')];
    const param = selectionToParam([hexId('b'), hexId('a')]);
    expect(param).toBe('aaaaaaaaaaaa,bbbbbbbbbbbb');
    expect([...selectionFromParam(param, ids)]).toEqual([hexId('a'), hexId('b')]);
    expect([...selectionFromParam('zz,<x>', ids)]).toEqual([]);
  });
});

describe('pairHistory', () => {
  const detailLayer = (digit: string) => ({
    diffId: hexId(digit),
    chainId: hexId(digit),
    cacheId: null,
    size: 1,
    sharedBy: [],
    directory: null,
    diskBytes: null,
    apparentBytes: null,
    files: null,
    notMeasuredReason: null,
  });
  const step = (createdBy: string, emptyLayer: boolean | null) => ({
    created: null,
    createdBy,
    comment: '',
    emptyLayer,
  });

  it('pairs the steps that made a layer with the layers, in order, skipping empty ones', () => {
    const result = pairHistory(
      [detailLayer('1'), detailLayer('2')],
      [
        step('ADD rootfs', false),
        step('ENV A=1', true),
        step('COPY app', false),
        step('CMD x', true),
      ],
    );
    expect(result.paired).toBe(true);
    expect(result.layers.map((entry) => entry.step?.createdBy)).toEqual(['ADD rootfs', 'COPY app']);
    expect(result.history.map((entry) => entry.layerIndex)).toEqual([0, null, 1, null]);
  });

  it('pairs nothing rather than wrongly when the counts differ', () => {
    const result = pairHistory([detailLayer('1')], [step('a', false), step('b', false)]);
    expect(result.paired).toBe(false);
    expect(result.layers[0]?.step).toBeNull();
  });
});
