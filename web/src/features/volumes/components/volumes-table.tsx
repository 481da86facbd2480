import type { VolumeSummary } from '@footprint/shared';
import { MaybeBytes, SourceTag } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { inertAttribute } from '../../../lib/inert-text';
import { TableScroll } from '../../../components/table-scroll';

/** Every volume: its size as the engine reports it and the containers that mount it. */
export function VolumesTable({ volumes }: { volumes: readonly VolumeSummary[] }) {
  return (
    <TableScroll label="Volumes">
      <table className="volumes-table">
        <caption className="visually-hidden">Volumes</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              Size <SourceTag source="engine" />
            </th>
            <th scope="col">Used by</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {volumes.map((volume) => (
            <tr key={volume.name} data-volume={inertAttribute(volume.name)}>
              <th scope="row">
                <InertText className="mono" value={volume.name} max={80} />
                {volume.anonymous ? <span className="badge">anonymous</span> : null}
              </th>
              <td className="num" data-bytes={volume.size ?? undefined}>
                <MaybeBytes
                  value={volume.size}
                  source="engine"
                  missingLabel="unknown"
                  reason="The volume driver does not report a size."
                />
              </td>
              <td>
                {volume.containers.length === 0 ? (
                  <span className="muted">no container</span>
                ) : (
                  <ul className="plain-list">
                    {volume.containers.map((container) => (
                      <li key={container.id}>
                        <InertText className="mono" value={container.name} max={80} />{' '}
                        <span className="state" data-state={inertAttribute(container.state)}>
                          <InertText value={container.state} max={40} />
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="muted">{volume.created ? volume.created.slice(0, 10) : 'unknown'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
