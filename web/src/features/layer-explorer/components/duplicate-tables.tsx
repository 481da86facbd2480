import '../layer-explorer.css';
import type { Duplicates, ImageSummary } from '@footprint/shared';
import { Link } from 'react-router';
import { Bytes } from '../../../components/bytes';
import { EmptyState } from '../../../components/query-state';
import { Reference } from '../../../components/share/redaction';
import { InertName } from './inert-name';

type ImageNames = ReadonlyMap<string, ImageSummary>;

function ImageLinks({ ids, images }: { ids: readonly string[]; images: ImageNames }) {
  return (
    <ul className="tags">
      {ids.map((id) => {
        const name = images.get(id)?.repoTags[0] ?? id.slice(7, 19);
        return (
          <li key={id}>
            <Link className="tag" to={`/images/${id.slice(7)}/explorer`} title={id}>
              <Reference value={name} max={80} />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** Identical files (same size and SHA-256) stored in several layers, most savable first. */
export function DuplicateFilesTable({ data, images }: { data: Duplicates; images: ImageNames }) {
  if (data.files.length === 0) {
    return (
      <EmptyState title="No identical files in different layers">
        {data.hashedFiles.toLocaleString('en-US')} files of the same size were hashed; none match.
        Lower the minimum size to look at smaller files.
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className="duplicate-files">
        <caption className="visually-hidden">Identical files in several layers</caption>
        <thead>
          <tr>
            <th scope="col">Copies</th>
            <th scope="col" className="num">
              One copy
            </th>
            <th scope="col" className="num">
              A common base saves
            </th>
          </tr>
        </thead>
        <tbody>
          {data.files.map((file) => (
            <tr key={file.sha256} data-sha256={file.sha256} data-bytes={file.savableBytes}>
              <td>
                <ul className="plain-list duplicate-copies">
                  {file.copies.map((copy) => (
                    <li key={`${copy.chainId}${copy.path}`}>
                      <InertName className="mono" text={copy.displayPath} />
                      <ImageLinks ids={copy.images} images={images} />
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

/** One diff stored under several chains: the same layer on different bases. */
export function DuplicateDiffsTable({ data, images }: { data: Duplicates; images: ImageNames }) {
  if (data.diffs.length === 0) {
    return (
      <EmptyState title="No diff stored twice">
        Every layer diff is stored under a single chain: images that share content share bases too.
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className="duplicate-diffs">
        <caption className="visually-hidden">Diffs stored under several chains</caption>
        <thead>
          <tr>
            <th scope="col">Diff</th>
            <th scope="col">Images</th>
            <th scope="col" className="num">
              Chains
            </th>
            <th scope="col" className="num">
              One copy
            </th>
            <th scope="col" className="num">
              A common base saves
            </th>
          </tr>
        </thead>
        <tbody>
          {data.diffs.map((diff) => (
            <tr key={diff.diffId} data-diff-id={diff.diffId} data-bytes={diff.savableBytes}>
              <th scope="row" className="mono" title={diff.diffId}>
                {diff.diffId.slice(0, 19)}
              </th>
              <td>
                <ImageLinks ids={diff.images} images={images} />
              </td>
              <td className="num">{diff.chainIds.length}</td>
              <td className="num">
                <Bytes value={diff.apparentBytes} />
              </td>
              <td className="num">
                <Bytes value={diff.savableBytes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
