import type { BuildCacheRecord } from '@footprint/shared';
import { Bytes, SourceTag } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { inertAttribute } from '../../../lib/inert-text';
import { isReclaimable } from '../utils/filter-build-cache';
import { TableScroll } from '../../../components/table-scroll';

/** BuildKit's cache records: the step that made each, its size, whether pruning frees it. */
export function BuildCacheTable({ records }: { records: readonly BuildCacheRecord[] }) {
  return (
    <TableScroll label="Build cache records">
      <table className="build-cache-table">
        <caption className="visually-hidden">Build cache records</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col" className="num">
              Size <SourceTag source="engine" />
            </th>
            <th scope="col">Status</th>
            <th scope="col">Last used</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id} data-record-id={inertAttribute(record.id)}>
              <th scope="row">
                <code className="command">
                  <InertText value={record.description || record.id} max={300} />
                </code>
              </th>
              <td className="num" data-bytes={record.size}>
                <Bytes value={record.size} source="engine" />
              </td>
              <td>
                {record.inUse ? <span className="badge">in use</span> : null}
                {record.shared ? (
                  <span className="badge" title="Shared with image layers: pruning frees nothing">
                    shared with images
                  </span>
                ) : null}
                {isReclaimable(record) ? (
                  <span className="badge badge-warn">reclaimable</span>
                ) : null}
              </td>
              <td className="muted">
                {record.lastUsed ? record.lastUsed.slice(0, 16).replace('T', ' ') : 'never'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
