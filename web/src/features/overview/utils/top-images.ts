import type { ImageSummary } from '@footprint/shared';

/** The images whose removal alone frees the most (engine unique bytes), biggest first. */
export function topImagesByUnique(images: readonly ImageSummary[], limit = 10): ImageSummary[] {
  return [...images]
    .sort((a, b) => b.uniqueSize - a.uniqueSize || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

/** Each row's share of the largest, in percent, for inline bars. */
export function barPercents(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((value) => (max === 0 ? 0 : (value / max) * 100));
}
