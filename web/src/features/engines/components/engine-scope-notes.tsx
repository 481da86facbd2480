import type { EngineSummary } from '@footprint/shared';
import { Link } from 'react-router';
import { InertText } from '../../../components/inert-text';
import { useNow } from '../../../lib/use-now';
import { When } from './engine-state-badge';

/** An engine ID in the URL that the server does not know (a removed context, a typo). */
export function UnknownEngine({ engineId }: { engineId: string }) {
  return (
    <section className="panel" aria-labelledby="unknown-engine-heading">
      <header className="panel-header">
        <h1 id="unknown-engine-heading">No such engine</h1>
      </header>
      <div className="panel-body">
        <p>
          The dashboard follows no engine with the ID{' '}
          <code>
            <InertText value={engineId} max={80} />
          </code>
          : its context or connection may have been removed. <Link to="/engines">All engines</Link>
        </p>
      </div>
    </section>
  );
}

/** The pages of an engine turned off in the dashboard: nothing is asked of it. */
export function EngineTurnedOff({ engine }: { engine: EngineSummary }) {
  return (
    <section className="panel" aria-labelledby="engine-off-heading" data-testid="engine-off">
      <header className="panel-header">
        <h1 id="engine-off-heading">
          <InertText value={engine.name} max={60} /> is turned off
        </h1>
      </header>
      <div className="panel-body">
        <p>
          The dashboard does not follow this engine, so it shows none of its figures. Turn it on
          again in <Link to="/engines">All engines</Link>.
        </p>
      </div>
    </section>
  );
}

/** Beside the engine-down banner: since when it is away, and how old the figures shown are. */
export function EngineAwayNote({ engine }: { engine: EngineSummary }) {
  const now = useNow();
  if (engine.lastSeenAt === null) return null;
  return (
    <p className="engine-away-note" data-testid="engine-away-note">
      <InertText value={engine.name} max={60} /> is away since{' '}
      <When iso={engine.lastSeenAt} now={now} />
      {engine.totals ? (
        <>
          ; the figures below are its last, from <When iso={engine.totals.asOf} now={now} />
        </>
      ) : null}
      . The other engines keep working: <Link to="/engines">All engines</Link>.
    </p>
  );
}
