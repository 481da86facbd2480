import type { ContainerDisk } from '@footprint/shared';
import type { ReactNode } from 'react';
import { Link } from '../../../components/engine-link';
import { Bytes, MaybeBytes, SourceTag } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { inertAttribute } from '../../../lib/inert-text';
import { writableDiskBytes } from '../utils/filter-containers';

/** Every container: its writable layer as the engine counts it and as measured, its logs. */
export function ContainersTable({
  containers,
  rowActions,
}: {
  containers: readonly ContainerDisk[];
  /** A last column of controls per row (remove), when this browser may use them. */
  rowActions?: (container: ContainerDisk) => ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className="containers-table">
        <caption className="visually-hidden">Containers</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col">Image</th>
            <th scope="col" className="num">
              Writable layer <SourceTag source="engine" />
            </th>
            <th
              scope="col"
              className="num"
              title="The writable layer and its -init layer, as du measures them (the overview and the page total count the same)"
            >
              Writable layer + init <SourceTag source="disk" />
            </th>
            <th scope="col" className="num">
              Logs <SourceTag source="disk" />
            </th>
            {rowActions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {containers.map((container) => (
            <tr key={container.id} data-container-id={container.id}>
              <th scope="row">
                <Link
                  className="mono"
                  to={`/containers/${container.id}/changes`}
                  title="What this container wrote to its writable layer"
                >
                  <InertText value={container.names[0] ?? container.id.slice(0, 12)} max={80} />
                </Link>
              </th>
              <td>
                <span className="state" data-state={inertAttribute(container.state)}>
                  <InertText value={container.state} max={40} />
                </span>
              </td>
              <td>
                <Link
                  className="mono"
                  to={`/images/${encodeURIComponent(container.imageId.replace(/^sha256:/, ''))}`}
                >
                  <InertText value={container.image} max={80} />
                </Link>
              </td>
              <td className="num" data-bytes={container.sizeRw ?? undefined}>
                <MaybeBytes
                  value={container.sizeRw}
                  source="engine"
                  missingLabel="unknown"
                  reason="The engine did not compute the size."
                />
              </td>
              <td className="num" data-disk-bytes={writableDiskBytes(container) ?? undefined}>
                {container.writableLayer ? (
                  <span
                    title={`${inertAttribute(container.writableLayer.directory)}: ${container.writableLayer.diskBytes.toLocaleString('en-US')} bytes, plus its -init layer: ${container.writableLayer.initDiskBytes.toLocaleString('en-US')} bytes`}
                  >
                    <Bytes
                      value={
                        container.writableLayer.diskBytes + container.writableLayer.initDiskBytes
                      }
                      source="disk"
                    />
                  </span>
                ) : (
                  <MaybeBytes value={null} reason={container.notMeasuredReason} />
                )}
              </td>
              <td className="num" data-disk-bytes={container.logs?.diskBytes ?? undefined}>
                <MaybeBytes
                  value={container.logs?.diskBytes ?? null}
                  source="disk"
                  reason={container.notMeasuredReason}
                />
              </td>
              {rowActions ? <td>{rowActions(container)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
