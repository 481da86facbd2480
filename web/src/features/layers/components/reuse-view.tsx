import type { ImageSummary, LayerList } from '@footprint/shared';
import { Link } from '../../../components/engine-link';
import { Bytes, MaybeBytes, SourceTag } from '../../../components/bytes';
import { Reference } from '../../../components/share/redaction';
import { imageLink } from '../../images/utils/image-link';
import { imageName } from '../../images/utils/image-name';
import { shortId } from '../../images/utils/short-id';
import { mostSharedLayers, reuseSummary } from '../utils/layer-reuse';
import { count } from '../../../lib/count';

interface ReuseViewProps {
  layers: LayerList;
  images: ReadonlyMap<string, ImageSummary>;
}

/** What sharing layers saves, and the layers that the most images share. */
export function ReuseView({ layers, images }: ReuseViewProps) {
  const summary = reuseSummary(layers.layers);
  const rows = mostSharedLayers(layers.layers);
  return (
    <>
      <dl className="summary-figures">
        <div data-figure="alone" data-bytes={summary.storedAloneBytes}>
          <dt>Each image stored alone</dt>
          <dd>
            <Bytes value={summary.storedAloneBytes} source="engine" />
          </dd>
        </div>
        <div data-figure="shared" data-bytes={summary.storedSharedBytes}>
          <dt>Stored with shared layers</dt>
          <dd>
            <Bytes value={summary.storedSharedBytes} source="engine" />
          </dd>
        </div>
        <div data-figure="saved" data-bytes={summary.savedBytes}>
          <dt>Sharing saves</dt>
          <dd className="accent">
            <Bytes value={summary.savedBytes} source="engine" />
          </dd>
        </div>
        <div>
          <dt>Shared layers</dt>
          <dd>{summary.sharedLayers}</dd>
        </div>
      </dl>
      {summary.unknownLayers > 0 ? (
        <p className="warning-note">
          {count(summary.unknownLayers, 'layer')} {summary.unknownLayers === 1 ? 'has' : 'have'} no
          recorded size and {summary.unknownLayers === 1 ? 'is' : 'are'} left out of these sums.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="muted">No layer is shared: every image has its own layers.</p>
      ) : (
        <div className="table-scroll">
          <table className="reuse-table">
            <caption className="visually-hidden">Layers shared by the most images</caption>
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col" className="num">
                  Images
                </th>
                <th scope="col" className="num">
                  Size <SourceTag source="engine" />
                </th>
                <th scope="col" className="num">
                  Saves <SourceTag source="engine" />
                </th>
                <th scope="col">Shared by</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.chainId} data-chain-id={row.chainId}>
                  <th scope="row">
                    <Link to={`/layers?focus=${row.chainId.slice(7)}`} title={row.chainId}>
                      <code>{shortId(row.chainId)}</code>
                    </Link>
                  </th>
                  <td className="num">{row.images.length}</td>
                  <td className="num" data-bytes={row.size ?? undefined}>
                    <MaybeBytes value={row.size} source="engine" missingLabel="unknown" />
                  </td>
                  <td className="num" data-bytes={row.savedBytes ?? undefined}>
                    <MaybeBytes value={row.savedBytes} source="engine" missingLabel="unknown" />
                  </td>
                  <td>
                    <ul className="tags">
                      {row.images.map((id) => (
                        <li key={id}>
                          <Link className="tag" to={imageLink(id)}>
                            <Reference value={imageName(images.get(id), id)} />
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
