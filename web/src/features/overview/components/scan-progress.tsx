import type { DiskMeasurement } from '@footprint/shared';
import { exactBytes, humanBytes } from '@footprint/shared';
import { useScanProgress } from '../../../lib/live-events';
import { count } from '../../../lib/count';

/**
 * The data-root scan while it runs: from `scan-progress` events when they come, else from the
 * last GET /api/disk. Gone once the scan is done.
 */
export function ScanProgress({ measurement }: { measurement: DiskMeasurement }) {
  const event = useScanProgress();
  const live = event !== null && event.phase === 'running' ? event : null;
  const running = live !== null || measurement.scan.state === 'running';
  if (!running) return null;
  const done = live?.partsDone ?? measurement.scan.partsDone;
  const total = live?.partsTotal ?? measurement.scan.partsTotal;
  return (
    <div className="scan-progress">
      <label>
        <span>Measuring the data root</span>
        <progress
          max={total || undefined}
          value={total ? done : undefined}
          aria-label="Scan progress"
        />
      </label>
      <span className="muted">
        {total ? `${done} of ${count(total, 'directory', 'directories')}` : 'starting…'}
        {live ? (
          <span title={exactBytes(live.diskBytesDone)}>
            {' '}
            · {humanBytes(live.diskBytesDone)} so far
          </span>
        ) : null}
      </span>
    </div>
  );
}
