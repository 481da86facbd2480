import { humanBytes } from '@footprint/shared';
import type { FootprintRow } from './footprint-rows';

export type ChartScale = 'linear' | 'log';

/** A chart row: what each bar is drawn to (plot) and what its label says (exact figure). */
export interface ChartRow {
  label: string;
  enginePlot: number;
  diskPlot: number;
  engineText: string;
  diskText: string;
}

export interface ScaleAxis {
  domain: [number, number];
  /** Gridlines and tick labels, the first and last at the domain's ends. */
  ticks: number[];
  /** Said under the axis: a log axis must say so, and what one step is. */
  label: string;
}

/**
 * The log axis from whole powers of ten around the figures: a gridline every decade when they
 * span at most six, else every third (1 B, 1 kB, 1 MB…: the units the labels use). A zero has no
 * logarithm: its bar starts and ends at the axis (no bar) and its label still says "0B".
 */
export function scaleAxis(rows: readonly FootprintRow[], scale: ChartScale): ScaleAxis {
  const positive = rows
    .flatMap((row) => [row.engineBytes, row.diskBytes])
    .filter((value): value is number => value !== null && value > 0);
  if (scale === 'linear') return linearAxis(positive);
  const low = positive.length === 0 ? 0 : Math.floor(Math.log10(Math.min(...positive)));
  const largest = positive.length === 0 ? 1 : Math.max(...positive);
  const high = Math.max(low + 1, Math.ceil(Math.log10(largest)));
  // Every third decade lands on a unit (1 kB, 1 MB, 1 GB): the labels read as round figures.
  const decades = (step: number) =>
    Array.from({ length: high - low + 1 }, (_, index) => low + index)
      .filter((power) => power % step === 0)
      .map((power) => 10 ** power);
  const every = high - low > 6 && decades(3).length >= 2 ? 3 : 1;
  return {
    domain: [10 ** low, 10 ** high],
    ticks: decades(every),
    label: `Bytes, log scale: gridlines ×${every === 1 ? '10' : '1000'} apart`,
  };
}

/**
 * From zero to the largest figure rounded up to a step of 1, 2 or 5 times a power of ten (at
 * least a byte), five steps at most: round figures a reader adds up in their head (200 MB, 400 MB…).
 */
function linearAxis(positive: readonly number[]): ScaleAxis {
  const largest = positive.length === 0 ? 1 : Math.max(...positive);
  const rough = largest / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power);
  const count = Math.ceil(largest / step);
  return {
    domain: [0, count * step],
    ticks: Array.from({ length: count + 1 }, (_, index) => index * step),
    label: 'Bytes, linear scale',
  };
}

/** The rows as the chart draws them on this scale. */
export function chartRows(
  rows: readonly FootprintRow[],
  scale: ChartScale,
  axis: ScaleAxis,
): ChartRow[] {
  // A missing figure is drawn as a zero (no bar) so that its label still says why it is missing.
  const floor = axis.domain[0];
  const plot = (value: number | null) =>
    scale === 'log' ? Math.max(value ?? 0, floor) : (value ?? 0);
  return rows.map((row) => ({
    label: row.label,
    enginePlot: plot(row.engineBytes),
    diskPlot: plot(row.diskBytes),
    engineText: row.engineBytes === null ? 'no figure' : humanBytes(row.engineBytes),
    diskText: row.diskBytes === null ? 'not measured' : humanBytes(row.diskBytes),
  }));
}
