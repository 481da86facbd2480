import type { ImageSort, ImageSortColumn } from '../utils/sort-images';

interface SortHeaderProps {
  column: ImageSortColumn;
  label: string;
  description?: string;
  numeric?: boolean;
  sort: ImageSort;
  onSort: (column: ImageSortColumn) => void;
}

/** A column header that sorts the table; `aria-sort` tells assistive technology the order. */
export function SortHeader({ column, label, description, numeric, sort, onSort }: SortHeaderProps) {
  const active = sort.column === column;
  const indicator = active ? (sort.direction === 'ascending' ? '▲' : '▼') : '';
  return (
    <th
      scope="col"
      aria-sort={active ? sort.direction : undefined}
      className={numeric ? 'num' : undefined}
    >
      <button
        type="button"
        className="sort-button"
        data-active={active || undefined}
        title={description}
        onClick={() => onSort(column)}
      >
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {indicator}
        </span>
      </button>
    </th>
  );
}
