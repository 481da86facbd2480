import './actions.css';
import { inertAttribute } from '../lib/inert-text';
import { InertText } from './inert-text';

/** Labels of an image, container or volume, key by key, as inert text; "none" when empty. */
export function LabelsList({ labels }: { labels: Readonly<Record<string, string>> }) {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return <p className="muted">No labels.</p>;
  return (
    <dl className="labels-list" data-testid="labels">
      {keys.map((key) => (
        <div key={key} style={{ display: 'contents' }} data-label={inertAttribute(key)}>
          <dt>
            <InertText value={key} max={120} />
          </dt>
          <dd>
            <InertText value={labels[key] ?? ''} max={300} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
