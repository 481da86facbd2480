import type { DuplicateFilesPage } from '@footprint/shared';
import { useMemo } from 'react';
import { Bytes } from '../../../components/bytes';
import { EmptyState } from '../../../components/query-state';
import { InertText } from '../../../components/inert-text';
import { ImageChips, imageNames } from './image-chips';

const toExplorer = (hex: string) => `/images/${hex}/explorer`;

/** A page of identical files (same size and SHA-256) stored in several layers. */
export function DuplicateFilesTable({ page }: { page: DuplicateFilesPage }) {
  const names = useMemo(() => imageNames(page.images), [page.images]);
  if (page.files.length === 0) {
    return page.all.groups === 0 ? (
      <EmptyState title="No identical files in different layers">
        {page.hashedFiles.toLocaleString('en-US')} files of the same size were hashed; none match.
        Lower the minimum size to look at smaller files.
      </EmptyState>
    ) : (
      <EmptyState title="No group matches">
        None of the {page.all.groups.toLocaleString('en-US')} groups has a path or an image that
        matches the search and the image filter.
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className="duplicate-files">
        <caption className="visually-hidden">Identical files in several layers</caption>
        <thead>
          <tr>
            <th scope="col">Copies, and the images holding each</th>
            <th scope="col" className="num">
              One copy <span className="muted">(apparent)</span>
            </th>
            <th scope="col" className="num">
              A common base saves <span className="muted">(apparent)</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {page.files.map((file) => (
            <tr key={file.sha256} data-sha256={file.sha256} data-bytes={file.savableBytes}>
              <td>
                <ul className="duplicate-copies">
                  {file.copies.map((copy) => (
                    <li key={`${copy.chainId}${copy.path}`}>
                      <InertText className="mono" value={copy.displayPath} max={400} />
                      <ImageChips
                        ids={copy.images}
                        count={copy.imageCount}
                        names={names}
                        to={toExplorer}
                      />
                    </li>
                  ))}
                </ul>
                <span className="muted mono hash">{file.sha256.slice(0, 19)}</span>
              </td>
              <td className="num">
                <Bytes value={file.apparentBytes} />
              </td>
              <td className="num">
                <Bytes value={file.savableBytes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
