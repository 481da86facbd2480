import type { RemovalPreview } from '@footprint/shared';
import { Bytes, MaybeBytes, SourceTag } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { shortId } from '../../images/utils/short-id';
import type { RemovableImage } from './remove-images-dialog';
import { ImageName } from './image-name';

interface ImagesToRemoveProps {
  /** Exactly what will be sent, in this order. */
  images: readonly RemovableImage[];
  /** The server's preview; undefined while it is asked (or when asking failed). */
  preview: RemovalPreview | undefined;
}

/**
 * The images a removal takes, each with what it frees in both measures, and the totals: engine
 * bytes (the layers only these images hold, as the engine sizes them) and on disk (`du -B1` of
 * the directories that go).
 */
export function ImagesToRemove({ images, preview }: ImagesToRemoveProps) {
  const byId = new Map(preview?.images.map((item) => [item.id, item]));
  const missing = (
    <span className="not-measured" title="The engine does not list this image now">
      not listed now
    </span>
  );
  const waiting = <span className="muted">…</span>;
  return (
    <div className="table-scroll">
      <table className="action-list" data-testid="images-to-remove">
        <caption className="visually-hidden">Images to remove</caption>
        <thead>
          <tr>
            <th scope="col">Image</th>
            <th scope="col">ID</th>
            <th scope="col">Containers</th>
            <th scope="col" className="num">
              Frees <SourceTag source="engine" />
            </th>
            <th scope="col" className="num">
              Frees <SourceTag source="disk" />
            </th>
          </tr>
        </thead>
        <tbody>
          {images.map((image) => {
            const item = byId.get(image.id);
            return (
              <tr key={image.id} data-image-id={image.id}>
                <td>
                  <ImageName id={image.id} repoTags={image.repoTags} />
                </td>
                <td className="mono">{shortId(image.id)}</td>
                <td>{image.containers}</td>
                <td className="num" data-bytes={item?.bytes}>
                  {preview === undefined ? (
                    waiting
                  ) : item ? (
                    <Bytes value={item.bytes} source="engine" />
                  ) : (
                    missing
                  )}
                </td>
                <td className="num" data-disk-bytes={item?.diskBytes ?? undefined}>
                  {preview === undefined ? (
                    waiting
                  ) : item ? (
                    <MaybeBytes value={item.diskBytes} source="disk" reason={preview.disk.note} />
                  ) : (
                    missing
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
        {preview ? (
          <tfoot>
            <tr>
              <td colSpan={3}>
                {images.length} {images.length === 1 ? 'image' : 'images'}
              </td>
              <td className="num" data-bytes={preview.totalBytes}>
                <Bytes value={preview.totalBytes} source="engine" />
              </td>
              <td className="num" data-disk-bytes={preview.disk.totalBytes}>
                <Bytes value={preview.disk.totalBytes} source="disk" />
                {preview.disk.complete ? null : <span className="muted"> of those known</span>}
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

/** The totals in words, both measures named, and why the on-disk one is partial when it is. */
export function RemovalPreviewTotal({ preview }: { preview: RemovalPreview }) {
  const { disk } = preview;
  const diskKnown = disk.complete || preview.images.some((item) => item.diskBytes !== null);
  return (
    <>
      <p className="action-total">
        Comes back:{' '}
        <span data-testid="freed-bytes" data-bytes={preview.totalBytes}>
          <Bytes value={preview.totalBytes} source="engine" />
        </span>{' '}
        <span className="muted">
          engine bytes, as the engine counts them (layers only these hold)
        </span>
        {' · '}
        <span
          data-testid="freed-disk-bytes"
          data-bytes={diskKnown ? disk.totalBytes : undefined}
          data-complete={disk.complete}
        >
          {diskKnown ? (
            <Bytes value={disk.totalBytes} source="disk" />
          ) : (
            <span className="not-measured">not measured</span>
          )}
        </span>{' '}
        <span className="muted">
          on disk{disk.complete ? '' : ' for the images measured'} (du -B1
          {disk.measuredAt
            ? `, from the scan at ${new Date(disk.measuredAt).toLocaleTimeString()}`
            : ''}
          )
        </span>
      </p>
      {disk.complete ? null : (
        <p className="action-note" data-testid="disk-note">
          {disk.note ? (
            <InertText value={disk.note} max={600} />
          ) : (
            'Some on-disk figures are not known.'
          )}
        </p>
      )}
    </>
  );
}
