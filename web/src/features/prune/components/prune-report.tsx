import type { PruneItemResult, PruneResult } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { inertAttribute, inertValue } from '../../../lib/inert-text';
import { shortId } from '../../images/utils/short-id';
import { itemKindLabels } from '../utils/prune-kinds';
import { PruneItems } from './prune-items';

const outcomeLabels: Record<PruneItemResult['outcome'], string> = {
  removed: 'Removed',
  skipped: 'Kept',
  gone: 'Gone already',
  failed: 'Failed',
  'not-attempted': 'Not attempted',
};

/** What a prune did, item by item, and the bytes that actually came back. */
export function PruneReport({ result }: { result: PruneResult }) {
  const removed = result.items.filter((item) => item.outcome === 'removed').length;
  return (
    <div data-testid="prune-report" data-complete={result.complete}>
      <p className="action-total" role="status">
        Removed {removed} of {result.items.length}. Came back:{' '}
        <span data-bytes={result.reclaimedBytes} data-testid="reclaimed-bytes">
          <Bytes value={result.reclaimedBytes} source="engine" />
        </span>{' '}
        <span className="muted">
          as the engine counts it (the preview said{' '}
          <Bytes value={result.previewBytes} source="engine" />)
        </span>
      </p>
      {result.disk !== null ? (
        <p className="action-total" data-testid="reclaimed-disk">
          The data root lost{' '}
          <span data-disk-bytes={result.disk.reclaimedBytes}>
            <Bytes value={Math.max(result.disk.reclaimedBytes, 0)} source="disk" />
          </span>{' '}
          on disk{result.disk.reclaimedBytes < 0 ? ' (it grew meanwhile)' : ''}{' '}
          <span className="muted">
            (measured: <Bytes value={result.disk.beforeBytes} source="disk" /> before,{' '}
            <Bytes value={result.disk.afterBytes} source="disk" /> after; the preview said{' '}
            <Bytes value={result.previewDisk.totalBytes} source="disk" />
            {result.previewDisk.complete ? '' : ' and more'})
          </span>
        </p>
      ) : result.diskNote !== null ? (
        <p className="action-note" data-testid="reclaimed-disk-note">
          <InertText value={result.diskNote} max={600} />
        </p>
      ) : null}
      {result.error ? (
        <div className="action-error" role="alert">
          <p>
            <strong>The prune stopped part way.</strong>
          </p>
          <p>
            <InertText value={result.error.message} max={600} />
          </p>
          <p className="error-message-code">
            Error code: {inertValue(result.error.code, 80).shown}
          </p>
        </div>
      ) : null}
      <div className="table-scroll">
        <table className="action-list" data-testid="prune-results">
          <caption className="visually-hidden">Result per item</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Name</th>
              <th scope="col">ID</th>
              <th scope="col">Result</th>
              <th scope="col">Details</th>
              <th scope="col" className="num">
                Came back (engine)
              </th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((item) => (
              <tr
                key={`${item.kind}:${item.id}`}
                data-item-id={inertAttribute(item.id)}
                data-outcome={item.outcome}
              >
                <td>{itemKindLabels[item.kind]}</td>
                <td>
                  {item.name ? (
                    <InertText className="mono" value={item.name} max={80} />
                  ) : (
                    <span className="muted">unnamed</span>
                  )}
                </td>
                <td className="mono">
                  <InertText value={item.kind === 'volume' ? item.id : shortId(item.id)} max={40} />
                </td>
                <td>
                  <span className="outcome" data-outcome={item.outcome}>
                    {outcomeLabels[item.outcome]}
                  </span>
                </td>
                <td>{item.message ? <InertText value={item.message} max={300} /> : null}</td>
                <td className="num" data-bytes={item.reclaimedBytes}>
                  <Bytes value={item.reclaimedBytes} source="engine" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.newSincePreview.length > 0 ? (
        <>
          <p>
            New since the preview, left alone ({result.newSincePreview.length}): preview again to
            include them.
          </p>
          <PruneItems
            items={result.newSincePreview}
            totalBytes={result.newSincePreview.reduce((sum, item) => sum + item.bytes, 0)}
            caption="New since the preview, not removed"
          />
        </>
      ) : null}
    </div>
  );
}
