import '../layer-explorer.css';
import type { ContainerChanges } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { EmptyState } from '../../../components/query-state';
import { inertAttribute } from '../../../lib/inert-text';
import { kindLabels } from '../utils/entry-labels';
import { ChangeBadge } from './change-badge';
import { InertName } from './inert-name';

const deletedHint = 'Deleted: the size is what the image had there; the container wrote no bytes.';

/** The container's writable layer as `docker diff` lists it (A, C, D), biggest first. */
export function ContainerChangesTable({ data }: { data: ContainerChanges }) {
  if (data.changes.length === 0) {
    return (
      <EmptyState title="Nothing written">
        This container has not added, changed or deleted any file of its image.
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className="container-changes">
        <caption className="visually-hidden">Files the container added, changed or deleted</caption>
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Path</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {data.changes.map((change) => (
            <tr
              key={change.path}
              data-path={inertAttribute(change.path)}
              data-change={change.change}
            >
              <td>
                <ChangeBadge change={change.change} />
              </td>
              <th scope="row">
                <InertName className="mono" text={change.displayPath} />
              </th>
              <td className="muted">{change.kind ? kindLabels[change.kind] : 'unknown'}</td>
              <td
                className="num"
                data-bytes={change.apparentBytes}
                title={change.change === 'deleted' ? deletedHint : undefined}
              >
                {change.change === 'deleted' ? <span className="muted">was </span> : null}
                <Bytes value={change.apparentBytes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
