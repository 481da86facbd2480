import '../layer-explorer.css';

type Change = 'added' | 'modified' | 'changed' | 'deleted' | 'unchanged';

const letters: Record<Change, string> = {
  added: 'A',
  modified: 'M',
  changed: 'C',
  deleted: 'D',
  unchanged: '·',
};

/**
 * A change as a letter and a word (never by colour alone), as `docker diff` and dive mark it;
 * `compact` shows the letter only and keeps the word for screen readers.
 */
export function ChangeBadge({
  change,
  title,
  compact = false,
}: {
  change: Change;
  title?: string | null;
  compact?: boolean;
}) {
  return (
    <span className="change-badge" data-change={change} title={title ?? undefined}>
      <span className="change-letter" aria-hidden="true">
        {letters[change]}
      </span>
      {compact ? <span className="visually-hidden">{change}</span> : change}
    </span>
  );
}
