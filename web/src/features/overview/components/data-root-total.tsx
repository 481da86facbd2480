import type { DiskUsage } from '@footprint/shared';
import { Bytes, SourceTag } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { diskTotals } from '../../disk/utils/disk-rows';
import { ScanProgress } from './scan-progress';
import { count } from '../../../lib/count';

/** The headline: the data root on disk beside the engine's own total. */
export function DataRootTotal({ disk }: { disk: DiskUsage }) {
  const { measurement, dataRoot } = disk;
  const engine = diskTotals(disk);
  return (
    <div className="headline">
      <div
        className="headline-figure"
        data-figure="data-root"
        data-disk-bytes={dataRoot?.diskBytes}
      >
        <p className="headline-label">
          Data root <SourceTag source="disk" />
        </p>
        {dataRoot ? (
          <>
            <p className="headline-value">
              <Bytes value={dataRoot.diskBytes} source="disk" />
            </p>
            <p className="muted">
              {count(dataRoot.files, 'file')} · apparent{' '}
              <Bytes value={dataRoot.apparentBytes} source="disk" />
              {measurement.measuredAt && !measurement.kept
                ? ` · measured ${new Date(measurement.measuredAt).toLocaleString()}`
                : ''}
            </p>
            {measurement.kept && measurement.measuredAt ? (
              <p className="muted" data-kept-measurement>
                Kept measurement of {new Date(measurement.measuredAt).toLocaleString()}, from before
                this start: every disk figure is from it until the data root is measured again.
              </p>
            ) : null}
          </>
        ) : (
          <>
            <p className="headline-value not-measured">Not measured yet</p>
            <p className="muted">
              <InertText
                value={measurement.reason ?? 'The data root has not been scanned.'}
                max={600}
              />
            </p>
          </>
        )}
        {measurement.partial ? (
          <p className="warning-note">
            Some entries could not be read ({count(measurement.warnings.length, 'warning')}): these
            figures are lower bounds.
          </p>
        ) : null}
        <ScanProgress measurement={measurement} />
      </div>
      <div className="headline-figure" data-figure="engine" data-bytes={engine.totalBytes}>
        <p className="headline-label">
          Engine total <SourceTag source="engine" />
        </p>
        <p className="headline-value">
          <Bytes value={engine.totalBytes} source="engine" />
        </p>
        <p className="muted">
          Images, containers, volumes and build cache as <code>docker system df</code> adds them;{' '}
          <Bytes value={engine.reclaimableBytes} source="engine" /> reclaimable ·{' '}
          {disk.engineKept === true ? 'from ' : 'asked '}
          {new Date(disk.engineMeasuredAt).toLocaleString()}
          {disk.engineKept === true ? ', kept from before the server started; refreshing' : null}
        </p>
      </div>
    </div>
  );
}
