import type { ImageSummary } from '@footprint/shared';
import { Link } from '../../../components/engine-link';
import { MaybeBytes, SourceTag } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { Reference } from '../../../components/share/redaction';
import { inertAttribute } from '../../../lib/inert-text';
import { imageLink } from '../utils/image-link';
import type { LayerWithStep } from '../utils/pair-history';
import { imageName } from '../utils/image-name';
import { shortId } from '../utils/short-id';
import { TableScroll } from '../../../components/table-scroll';

interface LayersTableProps {
  imageId: string;
  layers: readonly LayerWithStep[];
  /** Other images by ID, to name the ones that share a layer. */
  images: ReadonlyMap<string, ImageSummary>;
  metadataMessage: string | null;
}

/** The image's layers, bottom to top, each with its step, IDs, sizes and who else has it. */
export function LayersTable({ imageId, layers, images, metadataMessage }: LayersTableProps) {
  return (
    <TableScroll label="Layers, bottom to top">
      <table className="layers-table">
        <caption className="visually-hidden">Layers, bottom to top</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Created by</th>
            <th scope="col">IDs</th>
            <th scope="col" className="num">
              Size <SourceTag source="engine" />
            </th>
            <th scope="col" className="num">
              Size <SourceTag source="disk" />
            </th>
            <th scope="col">Also in</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((layer) => {
            const others = layer.sharedBy.filter((id) => id !== imageId);
            return (
              <tr key={layer.chainId} data-chain-id={layer.chainId}>
                <td className="num muted">{layer.index}</td>
                <td>
                  <code className="command">
                    {layer.step?.createdBy ? (
                      <InertText value={layer.step.createdBy} max={600} />
                    ) : (
                      '(unknown step)'
                    )}
                  </code>
                </td>
                <td>
                  <dl className="ids">
                    <div>
                      <dt>diff</dt>
                      <dd title={layer.diffId}>{shortId(layer.diffId)}</dd>
                    </div>
                    <div>
                      <dt>chain</dt>
                      <dd title={layer.chainId}>
                        <Link to={`/layers?focus=${layer.chainId.slice(7)}`}>
                          {shortId(layer.chainId)}
                        </Link>
                      </dd>
                    </div>
                    <div>
                      <dt>cache</dt>
                      <dd
                        title={inertAttribute(layer.directory ?? layer.cacheId ?? '') || undefined}
                      >
                        {layer.cacheId ? (
                          <InertText value={layer.cacheId.slice(0, 12)} />
                        ) : (
                          'unknown'
                        )}
                      </dd>
                    </div>
                  </dl>
                </td>
                <td className="num" data-bytes={layer.size ?? undefined}>
                  <MaybeBytes
                    value={layer.size}
                    source="engine"
                    missingLabel="unknown"
                    reason={metadataMessage}
                  />
                </td>
                <td className="num" data-disk-bytes={layer.diskBytes ?? undefined}>
                  <MaybeBytes
                    value={layer.diskBytes}
                    source="disk"
                    reason={layer.notMeasuredReason}
                  />
                </td>
                <td>
                  {others.length === 0 ? (
                    <span className="muted">only this image</span>
                  ) : (
                    <ul className="plain-list">
                      {others.map((id) => (
                        <li key={id}>
                          <Link to={imageLink(id)} className="mono">
                            <Reference value={imageName(images.get(id), id)} />
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
