import type { ImageRemovalList, RemovalPreview } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';

/** One request to the engine (the removal, then maybe the one with force) and its measure. */
export interface RemovalRun {
  label: string;
  disk: ImageRemovalList['disk'];
  diskNote: ImageRemovalList['diskNote'];
}

interface RemovalBytesProps {
  /** The IDs the engine removed, over every run. */
  removed: readonly string[];
  preview: RemovalPreview;
  runs: readonly RemovalRun[];
}

/**
 * What came back, in both measures: the engine bytes of the removed images (the preview's
 * figures) and what the data root really lost, measured before and after each run.
 */
export function RemovalBytes({ removed, preview, runs }: RemovalBytesProps) {
  const gone = new Set(removed);
  const engineBytes = preview.images
    .filter((item) => gone.has(item.id))
    .reduce((sum, item) => sum + item.bytes, 0);
  const allGone = preview.images.every((item) => gone.has(item.id));
  return (
    <div data-testid="removal-bytes">
      <p className="action-total" role="status">
        Came back:{' '}
        <span data-testid="removed-engine-bytes" data-bytes={engineBytes}>
          <Bytes value={engineBytes} source="engine" />
        </span>{' '}
        <span className="muted">
          engine bytes of what was removed, as the engine counts them (the preview’s figures)
        </span>
      </p>
      {!allGone && removed.length > 0 ? (
        <p className="muted">
          Not all of them went: the preview counted each layer as freed with the others gone too, so
          the engine figure can differ from the engine’s own now. The on-disk figure is measured.
        </p>
      ) : null}
      {runs.map((run, index) => (
        <p
          key={index}
          className={run.disk ? 'action-total' : 'action-note'}
          data-testid={run.disk ? 'reclaimed-disk-bytes' : 'disk-note'}
          data-bytes={run.disk?.reclaimedBytes}
        >
          {runs.length > 1 ? `${run.label}: ` : null}
          <DiskLoss run={run} />
        </p>
      ))}
    </div>
  );
}

function DiskLoss({ run }: { run: RemovalRun }) {
  const { disk } = run;
  if (disk === null) {
    return (
      <>
        Not measured on disk:{' '}
        {run.diskNote ? <InertText value={run.diskNote} max={600} /> : 'the server gave no reason.'}
      </>
    );
  }
  const measured = (
    <span className="muted">
      {' '}
      (measured before and after, du -x -B1 -s: <Bytes
        value={disk.beforeBytes}
        source="disk"
      /> → <Bytes value={disk.afterBytes} source="disk" />)
    </span>
  );
  if (disk.reclaimedBytes < 0) {
    return (
      <>
        The data root grew by <Bytes value={-disk.reclaimedBytes} source="disk" /> on disk
        meanwhile: something else wrote to it.{measured}
      </>
    );
  }
  return (
    <>
      The data root lost <Bytes value={disk.reclaimedBytes} source="disk" /> on disk{measured}
    </>
  );
}
