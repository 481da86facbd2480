import type { EngineSummary, EngineTotals } from '@footprint/shared';
import { Link } from 'react-router';
import { Bytes, SourceTag } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { count } from '../../../lib/count';
import type { SessionAccess } from '../../session/api/get-session';
import { engineKindLine, enginePagePathFor } from '../utils/engine-labels';
import { EngineStateBadge, When } from './engine-state-badge';
import { EngineToggle } from './engine-toggle';
import '../engines.css';

const pages = [
  { section: '/', label: 'Overview' },
  { section: '/images', label: 'Images' },
  { section: '/containers', label: 'Containers' },
  { section: '/volumes', label: 'Volumes' },
  { section: '/reclaim', label: 'Reclaim' },
];

/** The engine's own figure, said so: what its /system/df reports, not measured here. */
function EngineFigure({ value }: { value: number }) {
  return (
    <>
      <Bytes value={value} source="engine" />{' '}
      <span className="source-tag" data-source="engine" title="As the engine reports it">
        engine figure
      </span>
    </>
  );
}

/** On disk as `du` when this dashboard reads the data root; else the engine's total and why. */
function DiskTotal({ engine, totals }: { engine: EngineSummary; totals: EngineTotals }) {
  if (totals.diskBytes !== null) {
    return (
      <>
        <Bytes value={totals.diskBytes} source="disk" /> <SourceTag source="disk" />
      </>
    );
  }
  const reason =
    engine.diskReason ??
    (engine.diskMeasured ? 'Its data root is being measured.' : 'Not measured on disk.');
  return (
    <>
      <EngineFigure value={totals.engineBytes} />
      <span className="engine-reason">
        <InertText value={reason} max={400} />
      </span>
    </>
  );
}

interface EngineCardProps {
  engine: EngineSummary;
  defaultEngineId: string;
  /** What this browser may do: the switch only where changes are offered, Reclaim not read-only. */
  access: SessionAccess;
  now: number;
}

/** One engine on the all-engines page: its state, totals, data root and pages. */
export function EngineCard({ engine, defaultEngineId, access, now }: EngineCardProps) {
  const headingId = `engine-${engine.id}-heading`;
  const totals = engine.totals;
  return (
    <article
      className="engine-card"
      aria-labelledby={headingId}
      data-engine-id={engine.id}
      data-status={engine.status}
    >
      <header className="engine-card-header">
        <h2 id={headingId}>
          <InertText value={engine.name} max={60} />
        </h2>
        <EngineStateBadge engine={engine} now={now} />
        {engine.default ? <span className="engine-flag">default</span> : null}
        {engine.current ? <span className="engine-flag">CLI’s current</span> : null}
      </header>
      <p className="engine-card-where muted">
        {engineKindLine(engine)} ·{' '}
        <code>
          <InertText value={engine.address} max={120} />
        </code>
        {engine.version ? (
          <>
            {' '}
            · version <InertText value={engine.version} max={40} />
          </>
        ) : null}
      </p>
      {engine.message ? (
        <p className="engine-message" data-testid="engine-message">
          <InertText value={engine.message} max={600} />
        </p>
      ) : null}
      {totals === null ? (
        <p className="muted">It has not answered yet: no figures.</p>
      ) : (
        <>
          <dl className="engine-figures">
            <div data-figure="disk">
              <dt>Total</dt>
              <dd>
                <DiskTotal engine={engine} totals={totals} />
              </dd>
            </div>
            <div data-figure="reclaimable">
              <dt>Reclaimable</dt>
              <dd>
                <EngineFigure value={totals.engineReclaimableBytes} />
              </dd>
            </div>
            <div data-figure="counts">
              <dt>Holds</dt>
              <dd>
                {count(totals.imageCount, 'image')}, {count(totals.containerCount, 'container')}
              </dd>
            </div>
          </dl>
          <p className="engine-as-of muted">
            {engine.status === 'up' ? 'Figures as of ' : 'Its last figures, from '}
            <When iso={totals.asOf} now={now} />
          </p>
        </>
      )}
      <dl className="engine-figures">
        <div data-figure="data-root">
          <dt>Data root</dt>
          <dd>
            {engine.dataRoot ? (
              <code>
                <InertText value={engine.dataRoot} max={200} />
              </code>
            ) : (
              'unknown until it answers'
            )}
            {engine.backend ? <span className="muted"> · {engine.backend}</span> : null}
          </dd>
        </div>
        <div data-figure="last-seen">
          <dt>Last seen</dt>
          <dd>{engine.lastSeenAt ? <When iso={engine.lastSeenAt} now={now} /> : 'never'}</dd>
        </div>
      </dl>
      {engine.enabled ? (
        <nav className="engine-card-pages" aria-labelledby={headingId}>
          <ul>
            {pages
              .filter((page) => page.section !== '/reclaim' || access === 'allowed')
              .map((page) => (
                <li key={page.section}>
                  <Link to={enginePagePathFor(engine.id, defaultEngineId, page.section)}>
                    {page.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
      ) : (
        <p className="muted">Turned off: the dashboard does not follow it.</p>
      )}
      {access === 'allowed' ? <EngineToggle engine={engine} /> : null}
    </article>
  );
}
