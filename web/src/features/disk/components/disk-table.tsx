import { Bytes } from '../../../components/bytes';
import { diskRows, dockerImagesReclaimableNote, type EngineDiskUsage } from '../utils/disk-rows';
import { TableScroll } from '../../../components/table-scroll';

/** The table `docker system df` prints, with the same columns, in exact bytes on hover. */
export function DiskTable({ disk }: { disk: EngineDiskUsage }) {
  return (
    <>
      <TableScroll label="Disk usage by category">
        <table className="disk-table">
          <caption className="visually-hidden">Disk usage by category</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                Active
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col" className="num" title={dockerImagesReclaimableNote}>
                Reclaimable (as docker counts)
              </th>
            </tr>
          </thead>
          <tbody>
            {diskRows(disk).map((row) => (
              <tr key={row.key} data-category={row.key}>
                <th scope="row">{row.label}</th>
                <td className="num">{row.count}</td>
                <td className="num">{row.active}</td>
                <td className="num" data-bytes={row.totalBytes}>
                  <Bytes value={row.totalBytes} />
                </td>
                <td className="num" data-bytes={row.reclaimableBytes}>
                  <Bytes value={row.reclaimableBytes} />
                  {row.reclaimablePercent !== null ? (
                    <span className="percent"> ({row.reclaimablePercent}%)</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="muted disk-table-note">
        Reclaimable as <code>docker system df</code> counts it. Images:{' '}
        {dockerImagesReclaimableNote}
      </p>
    </>
  );
}
