import type { PruneDiskPreview, PruneItem } from '@footprint/shared';
import { Bytes, MaybeBytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { inertAttribute } from '../../../lib/inert-text';
import { shortId } from '../../images/utils/short-id';
import { itemKindLabels, pruneKindLabel } from '../utils/prune-kinds';

interface PruneItemsProps {
  items: readonly PruneItem[];
  totalBytes: number;
  /** The on-disk side of the preview; absent for items not previewed (new since). */
  disk?: PruneDiskPreview;
  caption: string;
}

/**
 * The exact list a prune would remove, in removal order, with the bytes each frees in both
 * measures: as the engine counts them, and on disk (`du -B1`).
 */
export function PruneItems({ items, totalBytes, disk, caption }: PruneItemsProps) {
  return (
    <div className="table-scroll">
      <table className="action-list" data-testid="prune-items">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Name</th>
            <th scope="col">ID</th>
            <th scope="col">Why</th>
            <th scope="col" className="num">
              Frees (engine)
            </th>
            {disk ? (
              <th scope="col" className="num">
                Frees on disk
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr
              key={`${item.kind}:${item.id}`}
              data-item-id={inertAttribute(item.id)}
              data-kind={item.kind}
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
              <td>{pruneKindLabel(item.reason)}</td>
              <td className="num" data-bytes={item.bytesKnown ? item.bytes : undefined}>
                {item.bytesKnown ? (
                  <Bytes value={item.bytes} source="engine" />
                ) : (
                  <span className="not-measured" title="The engine reports no size for it">
                    not known
                  </span>
                )}
              </td>
              {disk ? (
                <td className="num" data-disk-bytes={item.diskBytes ?? undefined}>
                  <MaybeBytes
                    value={item.diskBytes}
                    source="disk"
                    reason={disk.note}
                    missingLabel="measured after"
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>
              {items.length} {items.length === 1 ? 'item' : 'items'}
            </td>
            <td className="num" data-bytes={totalBytes} data-testid="prune-total">
              <Bytes value={totalBytes} source="engine" />
            </td>
            {disk ? (
              <td className="num" data-disk-bytes={disk.totalBytes} data-testid="prune-disk-total">
                <Bytes value={disk.totalBytes} source="disk" />
                {disk.complete ? null : <span className="muted"> and more</span>}
              </td>
            ) : null}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
