import { ErrorMessage } from '../../components/error-message';
import { useEngines } from '../../features/engines/api/get-engines';
import { EnginesOverview } from '../../features/engines/components/engines-overview';
import { useSession } from '../../features/session/api/get-session';
import { useNow } from '../../lib/use-now';

/** `/engines`: every engine the dashboard knows, side by side. */
export function EnginesPage() {
  const engines = useEngines();
  const { access } = useSession();
  const now = useNow();
  return (
    <div className="page">
      <section className="panel" aria-labelledby="engines-heading" data-panel="engines">
        <header className="panel-header">
          <div className="panel-titles">
            <h1 id="engines-heading" className="page-title">
              All engines
            </h1>
            <p className="panel-meta">
              Totals on disk where this dashboard reads the data root (as <code>du</code>), else the
              engine’s own figure, labelled; reclaimable as each engine reports it
            </p>
          </div>
        </header>
        {engines.data ? (
          <EnginesOverview list={engines.data} access={access} now={now} />
        ) : engines.error ? (
          <ErrorMessage title="Could not list the engines" error={engines.error} />
        ) : (
          <p className="loading" role="status">
            Listing the engines…
          </p>
        )}
      </section>
    </div>
  );
}
