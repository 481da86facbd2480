import { MaybeBytes, SourceTag } from '../../../components/bytes';
import type { FootprintRow } from '../utils/footprint-rows';

interface FootprintTableProps {
  rows: readonly FootprintRow[];
  /** Why on-disk figures are missing, on hover. */
  reason: string | null;
}

/** The chart's figures as a table: engine and on disk in their own columns. */
export function FootprintTable({ rows, reason }: FootprintTableProps) {
  return (
    <table className="footprint-table">
      <caption className="visually-hidden">Data root by category</caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <th scope="col" className="num">
            <SourceTag source="engine" />
          </th>
          <th scope="col" className="num">
            <SourceTag source="disk" />
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-category={row.key}>
            <th scope="row">{row.label}</th>
            <td className="num" data-bytes={row.engineBytes ?? undefined}>
              <MaybeBytes
                value={row.engineBytes}
                source="engine"
                missingLabel="—"
                reason="The engine has no figure for this."
              />
            </td>
            <td className="num" data-disk-bytes={row.diskBytes ?? undefined}>
              <MaybeBytes value={row.diskBytes} source="disk" reason={reason} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
