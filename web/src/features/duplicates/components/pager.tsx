interface PagerProps {
  /** What is paged, for the buttons' names: "identical files". */
  label: string;
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
}

/** "Groups 51–100 of 602" with the previous and next pages. */
export function Pager({ label, offset, limit, total, onOffset }: PagerProps) {
  if (total <= limit && offset === 0) return null;
  const first = total === 0 ? 0 : Math.min(offset + 1, total);
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={`Pages of ${label}`}>
      <button
        type="button"
        className="button"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        Previous
      </button>
      <span className="pager-range" aria-live="polite">
        Groups {first.toLocaleString('en-US')}–{last.toLocaleString('en-US')} of{' '}
        {total.toLocaleString('en-US')}
      </span>
      <button
        type="button"
        className="button"
        disabled={offset + limit >= total}
        onClick={() => onOffset(offset + limit)}
      >
        Next
      </button>
    </nav>
  );
}
