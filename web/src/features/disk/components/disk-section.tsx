import { lazy, type ReactNode, Suspense } from 'react';
import { Bytes } from '../../../components/bytes';
import { ErrorMessage } from '../../../components/error-message';
import { StaleNote } from '../../../components/stale-note';
import { useDisk } from '../api/get-disk';
import { diskTotals, reclaimablePercent } from '../utils/disk-rows';
import { DiskTable } from './disk-table';

// Recharts is most of the bundle: load it after the figures, which the table already shows.
const DiskChart = lazy(() =>
  import('./disk-chart').then(({ DiskChart }) => ({ default: DiskChart })),
);

interface DiskSectionProps {
  /** The engine is unreachable: keep the last figures, marked as not current, and do not ask. */
  engineDown: boolean;
}

export function DiskSection({ engineDown }: DiskSectionProps) {
  const query = useDisk({ enabled: !engineDown });
  const disk = query.data;

  let body: ReactNode;
  if (engineDown && disk === undefined) {
    body = null;
  } else if (!engineDown && query.error && !query.isFetching) {
    body = <ErrorMessage title="Could not read the disk usage" error={query.error} />;
  } else if (disk === undefined) {
    body = (
      <p className="loading" role="status">
        Loading disk usage…
      </p>
    );
  } else {
    const totals = diskTotals(disk);
    const percent = reclaimablePercent(totals.totalBytes, totals.reclaimableBytes);
    body = (
      <>
        <p className="disk-total" data-bytes={totals.reclaimableBytes}>
          <span className="disk-total-label">Reclaimable in total</span>
          <span className="disk-total-value">
            <Bytes value={totals.reclaimableBytes} />
          </span>
          <span className="disk-total-of">
            of <Bytes value={totals.totalBytes} />
            {percent !== null ? ` (${percent}%)` : ''}
          </span>
        </p>
        <div className="disk-grid">
          <DiskTable disk={disk} />
          <Suspense fallback={<div className="disk-chart-placeholder" />}>
            <DiskChart disk={disk} />
          </Suspense>
        </div>
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="disk-heading" data-stale={engineDown || undefined}>
      <header className="panel-header">
        <h2 id="disk-heading">Disk usage</h2>
        <p className="panel-meta">
          The engine’s own figures, as <code>docker system df</code> reports them
        </p>
      </header>
      {engineDown ? <StaleNote updatedAt={query.dataUpdatedAt} /> : null}
      {body !== null ? <div className="panel-body">{body}</div> : null}
    </section>
  );
}
