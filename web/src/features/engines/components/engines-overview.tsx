import type { EngineList } from '@footprint/shared';
import { InertText } from '../../../components/inert-text';
import { SessionNote } from '../../session/components/action-gate';
import type { SessionAccess } from '../../session/api/get-session';
import { EngineCard } from './engine-card';

interface EnginesOverviewProps {
  list: EngineList;
  access: SessionAccess;
  now: number;
}

/**
 * Every engine side by side: its total (on disk where measured, else the engine's own), what
 * it says pruning gives back, its data root and state; then the configured engines that could
 * not be read. The on/off switches only where changes are offered (not in read-only mode).
 */
export function EnginesOverview({ list, access, now }: EnginesOverviewProps) {
  return (
    <>
      {access === 'unauthorized' ? <SessionNote /> : null}
      {list.engines.length === 0 ? (
        <p className="muted">No engine is configured.</p>
      ) : (
        <div className="engine-cards">
          {list.engines.map((engine) => (
            <EngineCard
              key={engine.id}
              engine={engine}
              defaultEngineId={list.defaultEngineId}
              access={access}
              now={now}
            />
          ))}
        </div>
      )}
      <section className="engine-problems" aria-labelledby="engine-problems-heading">
        <h2 id="engine-problems-heading">Configuration problems</h2>
        {list.problems.length === 0 ? (
          <p className="muted">Every configured engine was read.</p>
        ) : (
          <ul data-testid="engine-problems">
            {list.problems.map((problem, index) => (
              // The same words may come twice (two files); their order is the server's.
              <li key={index}>
                <InertText value={problem} max={600} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
