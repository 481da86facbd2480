import { useId } from 'react';
import '../../../components/actions.css';
import { knownSinceText } from '../utils/idle-days';

interface IdleFilterProps {
  /** The days in the URL; '' when off. */
  value: string;
  /** Since when the server records container use (lastUseKnownSince). */
  knownSince: string | undefined;
  onChange: (value: string) => void;
}

/**
 * "Unused for N days": images no container uses and none used for that long. Last use is known
 * only since the server started recording it, so that date is said beside the filter.
 */
export function IdleFilter({ value, knownSince, onChange }: IdleFilterProps) {
  const checkId = useId();
  const daysId = useId();
  const on = value !== '';
  return (
    <div className="unused-filter" data-testid="unused-filter">
      <input
        id={checkId}
        type="checkbox"
        checked={on}
        onChange={(event) => onChange(event.target.checked ? '30' : '')}
      />
      <label htmlFor={checkId}>Unused for at least</label>
      <input
        id={daysId}
        type="number"
        className="input"
        min={1}
        max={36_500}
        step={1}
        aria-label="Days unused"
        value={on ? value : '30'}
        disabled={!on}
        onChange={(event) => onChange(event.target.value)}
      />
      <span>days</span>
      <span className="muted">
        · last use is known since {knownSince ? knownSinceText(knownSince) : '…'} (when this server
        began recording containers); an image seen first after that counts from then.
      </span>
    </div>
  );
}
