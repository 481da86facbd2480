import { useId, useState } from 'react';
import { ErrorMessage } from '../../../components/error-message';
import { InertText } from '../../../components/inert-text';
import { useSession } from '../../session/api/get-session';
import { useCheckUpdates, useSaveUpdateSettings } from '../api/check-updates';
import { useUpdates } from '../api/get-updates';
import { progressText, updateAvailableIds } from '../utils/update-labels';
import '../updates.css';

interface UpdatesBarProps {
  /** The "Update available" filter is on. */
  filterOn: boolean;
  onFilter: (on: boolean) => void;
  enabled: boolean;
}

const intervals = [
  { minutes: 0, label: 'only on request' },
  { minutes: 60, label: 'every hour' },
  { minutes: 360, label: 'every 6 hours' },
  { minutes: 1440, label: 'every day' },
];

/**
 * The Images toolbar's update controls: "Check for updates" with the server's progress, the
 * "Update available" filter, and how often the server checks by itself. A check reads
 * registries only (HEAD per tag), so read-only mode offers it too; it needs the session.
 */
export function UpdatesBar({ filterOn, onFilter, enabled }: UpdatesBarProps) {
  const filterId = useId();
  // The click's own state until the URL has it: the router commits the filter in a transition,
  // and until then React would show the box as it was (a click that seems not to take).
  const [clicked, setClicked] = useState<boolean | null>(null);
  if (clicked !== null && clicked === filterOn) setClicked(null);
  const checked = clicked ?? filterOn;
  const intervalId = useId();
  const updates = useUpdates({ enabled });
  const check = useCheckUpdates();
  const settings = useSaveUpdateSettings();
  const { access } = useSession();
  const progress = updates.data?.progress;
  const running = progress?.running === true;
  const available = updateAvailableIds(updates.data).size;
  const limits = (updates.data?.rateLimits ?? []).filter((limit) => limit.remaining !== null);
  const noSession = access === 'unauthorized';
  const interval = updates.data?.settings.intervalMinutes ?? 0;
  return (
    <div className="updates-bar" data-testid="updates-bar">
      <button
        type="button"
        className="button"
        disabled={running || check.isPending || noSession || !enabled}
        title={
          noSession
            ? 'Open the URL the server printed at start-up once in this browser to check.'
            : 'Ask each image’s registry whether its tag points elsewhere (HEAD requests: no pull quota)'
        }
        onClick={() => check.mutate(undefined)}
      >
        {running ? 'Checking…' : 'Check for updates'}
      </button>
      {running && progress ? (
        <span role="status" data-testid="update-progress">
          <progress max={Math.max(progress.total, 1)} value={progress.done} />{' '}
          {progressText(progress)}
        </span>
      ) : progress?.finishedAt ? (
        <span className="muted" data-testid="update-last-run">
          Last checked {new Date(progress.finishedAt).toLocaleString()}
        </span>
      ) : null}
      <span className="field-inline">
        <input
          id={filterId}
          type="checkbox"
          checked={checked}
          onChange={(event) => {
            setClicked(event.target.checked);
            onFilter(event.target.checked);
          }}
        />
        <label htmlFor={filterId}>Update available ({available})</label>
      </span>
      <span className="field-inline">
        <label htmlFor={intervalId}>Check by itself</label>{' '}
        <select
          id={intervalId}
          className="input"
          value={intervals.some((option) => option.minutes === interval) ? interval : ''}
          disabled={noSession || settings.isPending || updates.data === undefined}
          onChange={(event) => settings.mutate({ intervalMinutes: Number(event.target.value) })}
        >
          {intervals.some((option) => option.minutes === interval) ? null : (
            <option value="">every {interval} minutes</option>
          )}
          {intervals.map((option) => (
            <option key={option.minutes} value={option.minutes}>
              {option.label}
            </option>
          ))}
        </select>
      </span>
      {limits.map((limit) => (
        <span key={limit.registry} className="muted" data-testid="rate-limit">
          <InertText value={limit.registry} max={120} />: {limit.remaining}
          {limit.limit !== null ? ` of ${limit.limit}` : ''} pulls left (ratelimit-remaining, at{' '}
          {new Date(limit.at).toLocaleTimeString()})
        </span>
      ))}
      {check.error ? (
        <ErrorMessage title="Could not start the update check" error={check.error} />
      ) : null}
      {settings.error ? (
        <ErrorMessage
          title="Could not change how often updates are checked"
          error={settings.error}
        />
      ) : null}
    </div>
  );
}
