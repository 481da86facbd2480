const grouped = new Intl.NumberFormat('en-US');

/** "1 file", "2,048 files": a number and its noun, singular for one ("1 tags" reads wrong). */
export function count(value: number, singular: string, plural = `${singular}s`): string {
  return `${grouped.format(value)} ${value === 1 ? singular : plural}`;
}
