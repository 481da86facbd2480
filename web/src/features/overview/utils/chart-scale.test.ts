import { describe, expect, it } from 'vitest';
import { chartRows, scaleAxis } from './chart-scale';
import type { FootprintRow } from './footprint-rows';

const row = (engineBytes: number | null, diskBytes: number | null): FootprintRow => ({
  key: 'other',
  label: 'Other',
  engineBytes,
  diskBytes,
});

describe('the footprint chart scale', () => {
  it('draws linear figures as they are, each labelled', () => {
    const rows = [row(2_383_000, 2_503_000), row(0, null)];
    const axis = scaleAxis(rows, 'linear');
    // 2.503 MB largest: a fifth of it is 500.6 kB, rounded up to 1, 2 or 5 × 10^n: 1 MB steps.
    expect(axis).toEqual({
      domain: [0, 3_000_000],
      ticks: [0, 1_000_000, 2_000_000, 3_000_000],
      label: 'Bytes, linear scale',
    });
    expect(chartRows(rows, 'linear', axis)).toEqual([
      {
        label: 'Other',
        enginePlot: 2_383_000,
        diskPlot: 2_503_000,
        engineText: '2.383MB',
        diskText: '2.503MB',
      },
      { label: 'Other', enginePlot: 0, diskPlot: 0, engineText: '0B', diskText: 'not measured' },
    ]);
  });

  it('spans whole decades on a log axis, a gridline every decade over six or fewer', () => {
    // 40 kB .. 2.5 MB: 10^4 .. 10^7.
    const rows = [row(40_000, 2_503_000), row(0, null)];
    const axis = scaleAxis(rows, 'log');
    expect(axis.domain).toEqual([10_000, 10_000_000]);
    expect(axis.ticks).toEqual([10_000, 100_000, 1_000_000, 10_000_000]);
    expect(axis.label).toBe('Bytes, log scale: gridlines ×10 apart');
    // A zero has no logarithm: drawn at the axis (no bar), labelled as it is.
    expect(chartRows(rows, 'log', axis)[1]).toEqual({
      label: 'Other',
      enginePlot: 10_000,
      diskPlot: 10_000,
      engineText: '0B',
      diskText: 'not measured',
    });
  });

  it('puts gridlines on the units when the figures span more than six decades', () => {
    // 4 B .. 2.1 GB: 10^0 .. 10^10.
    const axis = scaleAxis([row(4, 2_100_000_000)], 'log');
    expect(axis.domain).toEqual([1, 10_000_000_000]);
    expect(axis.ticks).toEqual([1, 1_000, 1_000_000, 1_000_000_000]);
    expect(axis.label).toBe('Bytes, log scale: gridlines ×1000 apart');
  });
});
