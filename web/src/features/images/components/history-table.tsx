import { InertText } from '../../../components/inert-text';
import type { HistoryRow } from '../utils/pair-history';
import { TableScroll } from '../../../components/table-scroll';

/** Every build step, oldest first, including the ones that made no layer. */
export function HistoryTable({ rows }: { rows: readonly HistoryRow[] }) {
  return (
    <TableScroll label="History, oldest first">
      <table className="history-table">
        <caption className="visually-hidden">History, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Layer</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} data-empty-layer={row.layerIndex === null || undefined}>
              <td>
                <code className="command">
                  {row.createdBy ? (
                    <InertText value={row.createdBy} max={600} />
                  ) : (
                    '(no command recorded)'
                  )}
                </code>
                {row.comment ? (
                  <p className="muted">
                    <InertText value={row.comment} max={600} />
                  </p>
                ) : null}
              </td>
              <td className={row.layerIndex === null ? 'muted' : undefined}>
                {row.layerIndex === null ? 'empty layer' : `#${row.layerIndex}`}
              </td>
              <td className="muted nowrap">
                {row.created ? (
                  // From the image config, as the builder wrote it: not always a date.
                  <InertText value={row.created.slice(0, 16).replace('T', ' ')} max={40} />
                ) : (
                  'unknown'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
