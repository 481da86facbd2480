import type { ImageSummary } from '@footprint/shared';

/** Days in the URL ("unused=30"): a whole number from 1 to 36500 (the API's range), else off. */
export function parseIdleDays(value: string): number | null {
  if (!/^\d{1,5}$/.test(value)) return null;
  const days = Number(value);
  return days >= 1 && days <= 36_500 ? days : null;
}

/** Only the rows among `idle`; all of them while the filter is off (`idle` null). */
export function onlyIdle<T extends Pick<ImageSummary, 'id'>>(
  rows: T[],
  idle: ReadonlySet<string> | null,
): T[] {
  return idle === null ? rows : rows.filter((row) => idle.has(row.id));
}
