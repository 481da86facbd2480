import type { ImageSummary, ImageUpdate } from '@footprint/shared';
import { type KeyboardEvent, memo, type MouseEvent } from 'react';
import { Link } from '../../../components/engine-link';
import { Bytes, MaybeBytes } from '../../../components/bytes';
import { inertAttribute } from '../../../lib/inert-text';
import { imageLink } from '../utils/image-link';
import { relativeTime } from '../utils/relative-time';
import { shortId } from '../utils/short-id';
import { UpdateBadge } from '../../updates/components/update-badge';
import { ImageTags } from './image-tags';

const byteColumns = ['size', 'sharedSize', 'uniqueSize'] as const;

/** The table's handlers, stable for its lifetime, so a row re-renders only when its data does. */
export interface ImageRowHandlers {
  measure: (element: HTMLTableRowElement | null) => void;
  focus: (index: number) => void;
  key: (event: KeyboardEvent<HTMLTableRowElement>, index: number, id: string) => void;
  check: (event: MouseEvent<HTMLInputElement>, id: string) => void;
}

interface ImageRowProps {
  image: ImageSummary;
  index: number;
  selected: boolean;
  focusable: boolean;
  diskBytes: number | null;
  diskReason: string;
  now: number;
  update: ImageUpdate | null;
  handlers: ImageRowHandlers;
}

/**
 * One image of the virtualized table. Memoized: scrolling mounts the rows that come into view
 * and leaves the others alone, which keeps each frame short at thousands of images.
 */
export const ImageRow = memo(function ImageRow({
  image,
  index,
  selected,
  focusable,
  diskBytes,
  diskReason,
  now,
  update,
  handlers,
}: ImageRowProps) {
  const name = image.repoTags[0] ?? shortId(image.id);
  return (
    <tr
      ref={handlers.measure}
      data-index={index}
      data-image-id={image.id}
      data-selected={selected || undefined}
      aria-rowindex={index + 3}
      tabIndex={focusable ? 0 : -1}
      onFocus={() => handlers.focus(index)}
      onKeyDown={(event) => handlers.key(event, index, image.id)}
      className={image.repoTags.length === 0 ? 'is-untagged' : undefined}
    >
      <td className="select-cell">
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select ${inertAttribute(name, 120)}`}
          checked={selected}
          onClick={(event) => handlers.check(event, image.id)}
          onChange={() => {}}
        />
      </td>
      <td data-column="tags">
        <ImageTags image={image} />
        <UpdateBadge result={update} />
      </td>
      <td data-column="id">
        <Link className="image-id" to={imageLink(image.id)} title={image.id} tabIndex={-1}>
          <code>{shortId(image.id)}</code>
        </Link>
      </td>
      <td data-column="created">
        <time dateTime={image.created} title={image.created}>
          {relativeTime(image.created, now)}
        </time>
      </td>
      <td data-column="lastUsed">
        {image.lastUsed ? (
          <time dateTime={image.lastUsed} title={image.lastUsed}>
            {relativeTime(image.lastUsed, now)}
          </time>
        ) : (
          <span
            className="muted"
            title="No container created or started since the server started recording"
          >
            not seen
          </span>
        )}
      </td>
      {byteColumns.map((column) => (
        <td key={column} className="num" data-column={column} data-bytes={image[column]}>
          <Bytes value={image[column]} precision={3} source="engine" />
        </td>
      ))}
      <td className="num" data-column="diskBytes" data-disk-bytes={diskBytes ?? undefined}>
        <MaybeBytes value={diskBytes} precision={3} source="disk" reason={diskReason} />
      </td>
      <td className="num" data-column="containers">
        {image.containers}
      </td>
    </tr>
  );
});
