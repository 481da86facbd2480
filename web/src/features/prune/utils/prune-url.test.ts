import { describe, expect, it } from 'vitest';
import { pruneKindForReclaimable } from './prune-kinds';
import {
  formFromParams,
  labelLines,
  paramsFromForm,
  reclaimPath,
  requestFromForm,
} from './prune-url';

describe('the prune form in the URL', () => {
  it('reads kinds, days, until and label filters, dropping unknown kinds', () => {
    const form = formFromParams(
      new URLSearchParams(
        'kind=dangling-images&kind=bogus&kind=unused-for-days&days=30&until=24h&label=a%3Db&nolabel=keep',
      ),
    );
    expect(form).toEqual({
      kinds: ['dangling-images', 'unused-for-days'],
      days: '30',
      until: '24h',
      label: ['a=b'],
      notLabel: ['keep'],
    });
    expect(formFromParams(paramsFromForm(form))).toEqual(form);
  });

  it('links to the Reclaim page with a kind preselected', () => {
    expect(reclaimPath({ kinds: ['build-cache'] })).toBe('/reclaim?kind=build-cache');
    expect(reclaimPath({ kinds: ['unused-images'], label: ['x=1'] })).toBe(
      '/reclaim?kind=unused-images&label=x%3D1',
    );
  });

  it('never preselects named volumes from the Overview', () => {
    expect(pruneKindForReclaimable('unused-volumes')).toBe('anonymous-volumes');
    expect(pruneKindForReclaimable('orphans')).toBeNull();
  });
});

describe('requestFromForm', () => {
  const empty = { kinds: [], days: '', until: '', label: [], notLabel: [] };

  it('asks for a kind, and for days with "unused-for-days"', () => {
    expect(requestFromForm(empty).problem).toMatch(/at least one kind/);
    expect(requestFromForm({ ...empty, kinds: ['unused-for-days'] }).problem).toMatch(/days/);
    expect(requestFromForm({ ...empty, kinds: ['unused-for-days'], days: '0' }).problem).toMatch(
      /days/,
    );
  });

  it('builds the API request with only the filters given', () => {
    expect(requestFromForm({ ...empty, kinds: ['dangling-images'] }).request).toEqual({
      kinds: ['dangling-images'],
    });
    expect(
      requestFromForm({
        kinds: ['unused-for-days', 'stopped-containers'],
        days: '14',
        until: ' 24h ',
        label: ['team=a'],
        notLabel: ['keep'],
      }).request,
    ).toEqual({
      kinds: ['unused-for-days', 'stopped-containers'],
      unusedForDays: 14,
      filters: { until: '24h', label: ['team=a'], 'label!': ['keep'] },
    });
  });

  it('takes one label filter a line', () => {
    expect(labelLines(' a=b \n\n c ')).toEqual(['a=b', 'c']);
  });
});
