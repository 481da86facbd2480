import '../layer-explorer.css';

type Change = 'added' | 'modified' | 'changed' | 'deleted' | 'unchanged';

const letters: Record<Change, string> = {
  added: 'A',
  modified: 'M',
  changed: 'C',
  deleted: 'D',
  unchanged: '·',
};

/** A change as a letter and a word (never by colour alone), as `docker diff` and dive mark it. */
export function ChangeBadge({ change, title }: { change: Change; title?: string | null }) {
  return (
    <span className="change-badge" data-change={change} title={title ?? undefined}>
      <span className="change-letter" aria-hidden="true">
        {letters[change]}
      </span>
      {change}
    </span>
  );
}
