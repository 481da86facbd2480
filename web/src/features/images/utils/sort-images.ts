import type { ImageSummary } from '@footprint/shared';

export type ImageSortColumn =
  'tags' | 'id' | 'created' | 'lastUsed' | 'size' | 'sharedSize' | 'uniqueSize' | 'containers';
export type SortDirection = 'ascending' | 'descending';

export const imageSortColumns: readonly ImageSortColumn[] = [
  'tags',
  'id',
  'created',
  'lastUsed',
  'size',
  'sharedSize',
  'uniqueSize',
  'containers',
];

/** The sort from the URL (`sort=uniqueSize&dir=asc`); the default when it names no column. */
export function parseImageSort(column: string, direction: string): ImageSort {
  const known = imageSortColumns.find((candidate) => candidate === column);
  if (known === undefined) return defaultImageSort;
  return { column: known, direction: direction === 'asc' ? 'ascending' : 'descending' };
}

export interface ImageSort {
  column: ImageSortColumn;
  direction: SortDirection;
}

/** Biggest first: what a person opens a disk dashboard to find. */
export const defaultImageSort: ImageSort = { column: 'size', direction: 'descending' };

/** Names read A→Z first; numbers and dates read biggest / newest first. */
const firstDirection: Record<ImageSortColumn, SortDirection> = {
  tags: 'ascending',
  id: 'ascending',
  created: 'descending',
  lastUsed: 'descending',
  size: 'descending',
  sharedSize: 'descending',
  uniqueSize: 'descending',
  containers: 'descending',
};

/** A click on a column header: the same column flips, another one starts in its natural order. */
export function nextSort(current: ImageSort, column: ImageSortColumn): ImageSort {
  if (current.column === column) {
    return {
      column,
      direction: current.direction === 'ascending' ? 'descending' : 'ascending',
    };
  }
  return { column, direction: firstDirection[column] };
}

// "node:9" before "node:18", as a person reads them.
const collator = new Intl.Collator('en', { numeric: true });

/** Tags in the order the table shows them. */
export function sortedTags(image: ImageSummary): string[] {
  return [...image.repoTags].sort(collator.compare);
}

function untaggedLast(a: ImageSummary, b: ImageSummary): number {
  return Number(a.repoTags.length === 0) - Number(b.repoTags.length === 0);
}

function compareFirstTags(a: ImageSummary, b: ImageSummary): number {
  return collator.compare(sortedTags(a)[0] ?? '', sortedTags(b)[0] ?? '');
}

function compareIds(a: ImageSummary, b: ImageSummary): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareValues(a: ImageSummary, b: ImageSummary, column: ImageSortColumn): number {
  switch (column) {
    case 'tags':
      return compareFirstTags(a, b);
    case 'id':
      return compareIds(a, b);
    case 'created':
      return Date.parse(a.created) - Date.parse(b.created);
    case 'lastUsed':
      // Never used (null) counts as the oldest.
      return (a.lastUsed ? Date.parse(a.lastUsed) : 0) - (b.lastUsed ? Date.parse(b.lastUsed) : 0);
    default:
      return a[column] - b[column];
  }
}

/**
 * A new array in `sort` order. Untagged images (`<none>`) go last when sorting by tags, in either
 * direction: a name sort is for finding names. Ties fall back, always ascending so that equal
 * rows keep one order, to tagged before untagged, the first tag, then the ID.
 */
export function sortImages(images: readonly ImageSummary[], sort: ImageSort): ImageSummary[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...images].sort((a, b) => {
    if (sort.column === 'tags') {
      return untaggedLast(a, b) || sign * compareFirstTags(a, b) || compareIds(a, b);
    }
    return (
      sign * compareValues(a, b, sort.column) ||
      untaggedLast(a, b) ||
      compareFirstTags(a, b) ||
      compareIds(a, b)
    );
  });
}
