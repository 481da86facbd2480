import type { Orphans } from '@footprint/shared';
import { Bytes, SourceTag } from '../../../components/bytes';
import { CodeSpans } from '../../../components/code-spans';
import { InertText } from '../../../components/inert-text';
import { inertAttribute } from '../../../lib/inert-text';
import { TableScroll } from '../../../components/table-scroll';

/** overlay2/ directories nothing references, and what to do about them. */
export function OrphansTable({ orphans }: { orphans: Orphans }) {
  if (orphans.dirs.length === 0) {
    return <p className="muted">No orphaned layer directories: every overlay2/ entry is in use.</p>;
  }
  return (
    <>
      <p className="advice">
        <CodeSpans value={orphans.advice} />
      </p>
      <TableScroll label="Orphaned layer directories">
        <table>
          <caption className="visually-hidden">Orphaned layer directories</caption>
          <thead>
            <tr>
              <th scope="col">Directory</th>
              <th scope="col" className="num">
                Size <SourceTag source="disk" />
              </th>
              <th scope="col" className="num">
                Files
              </th>
            </tr>
          </thead>
          <tbody>
            {orphans.dirs.map((dir) => (
              <tr key={dir.name}>
                <th scope="row" className="mono" title={inertAttribute(dir.path)}>
                  <InertText value={dir.name} max={80} />
                </th>
                <td className="num" data-disk-bytes={dir.diskBytes}>
                  <Bytes value={dir.diskBytes} source="disk" />
                </td>
                <td className="num">{dir.files.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
