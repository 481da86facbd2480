import type { DuplicatedDiff } from '@footprint/shared';
import { Link } from 'react-router';
import { Bytes, SourceTag } from '../../../components/bytes';
import { shortId } from '../../images/utils/short-id';

/**
 * The same diff stored under several chains (the same layer content on different bases): each
 * copy is its own directory on disk, and all but one could be saved by a common base.
 */
export function DuplicatedDiffsTable({ diffs }: { diffs: DuplicatedDiff[] }) {
  if (diffs.length === 0) {
    return <p className="muted">No layer content is stored twice: every diff sits on one chain.</p>;
  }
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Diffs stored under several chains</caption>
        <thead>
          <tr>
            <th scope="col">Diff</th>
            <th scope="col" className="num">
              Copies
            </th>
            <th scope="col">Images, per copy</th>
            <th scope="col" className="num">
              Extra <SourceTag source="disk" />
            </th>
          </tr>
        </thead>
        <tbody>
          {diffs.map((diff) => (
            <tr key={diff.diffId} data-diff-id={diff.diffId}>
              <th scope="row" className="mono" title={diff.diffId}>
                {shortId(diff.diffId)}
              </th>
              <td className="num">{diff.copies.length}</td>
              <td>
                <ul className="plain-list">
                  {diff.copies.map((copy) => (
                    <li key={copy.chainId} title={`chain ${copy.chainId}`}>
                      {copy.images.map((image) => (
                        <Link key={image} className="mono tag" to={`/images/${image.slice(7)}`}>
                          {shortId(image)}
                        </Link>
                      ))}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="num" data-disk-bytes={diff.extraDiskBytes ?? undefined}>
                {diff.extraDiskBytes === null ? (
                  <span className="muted">not measured</span>
                ) : (
                  <Bytes value={diff.extraDiskBytes} source="disk" />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
