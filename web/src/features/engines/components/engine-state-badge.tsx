import type { EngineSummary } from '@footprint/shared';
import { statusLabels } from '../utils/engine-labels';

/** When, as the person's clock reads it: the time alone today, else the date too. */
export function When({ iso, now }: { iso: string; now: number }) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <>an unknown time</>;
  const today = new Date(now).toDateString() === date.toDateString();
  return (
    <time dateTime={iso} title={date.toString()}>
      {today ? date.toLocaleTimeString() : date.toLocaleString()}
    </time>
  );
}

/** up / away since <time> / off / connecting, with the dot the header's engine line uses. */
export function EngineStateBadge({
  engine,
  now,
}: {
  engine: Pick<EngineSummary, 'status' | 'lastSeenAt'>;
  now: number;
}) {
  return (
    <span className="engine-badge" data-status={engine.status}>
      <span className="engine-state-dot" aria-hidden="true" />
      {statusLabels[engine.status]}
      {engine.status === 'away' && engine.lastSeenAt !== null ? (
        <>
          {' '}
          since <When iso={engine.lastSeenAt} now={now} />
        </>
      ) : null}
    </span>
  );
}
