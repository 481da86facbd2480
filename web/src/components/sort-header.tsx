import type { ReactNode } from 'react';

export interface SortState<C extends string> {
  column: C;
  direction: 'ascending' | 'descending';
}

interface SortHeaderProps<C extends string> {
  column: C;
  label: ReactNode;
  description?: string;
  numeric?: boolean;
  sort: SortState<C>;
  onSort: (column: C) => void;
  role?: string;
  className?: string;
}

/** A column header that sorts the table; `aria-sort` tells assistive technology the order. */
export function SortHeader<C extends string>({
  column,
  label,
  description,
  numeric,
  sort,
  onSort,
  className,
}: SortHeaderProps<C>) {
  const active = sort.column === column;
  const indicator = active ? (sort.direction === 'ascending' ? '▲' : '▼') : '';
  const classes = [numeric ? 'num' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <th
      scope="col"
      aria-sort={active ? sort.direction : undefined}
      className={classes || undefined}
      data-column={column}
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
