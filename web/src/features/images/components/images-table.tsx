import type { ImageSummary } from '@footprint/shared';
import { useMemo, useState } from 'react';
import { Bytes } from '../../../components/bytes';
import { relativeTime } from '../utils/relative-time';
import { shortId } from '../utils/short-id';
import {
  defaultImageSort,
  type ImageSort,
  type ImageSortColumn,
  nextSort,
  sortImages,
} from '../utils/sort-images';
import { ImageTags } from './image-tags';
import { SortHeader } from './sort-header';

interface Column {
  column: ImageSortColumn;
  label: string;
  description?: string;
  numeric?: boolean;
}

const columns: Column[] = [
  { column: 'tags', label: 'Tags' },
  { column: 'id', label: 'Image ID' },
  { column: 'created', label: 'Created' },
  {
    column: 'size',
    label: 'Size',
    description: 'All layers of the image, as the engine reports it',
    numeric: true,
  },
  {
    column: 'sharedSize',
    label: 'Shared',
    description: 'Bytes of layers that other images also use',
    numeric: true,
  },
  {
    column: 'uniqueSize',
    label: 'Unique',
    description: 'Size − shared: what removing only this image frees',
    numeric: true,
  },
  {
    column: 'containers',
    label: 'Containers',
    description: 'Containers, in any state, that use the image',
    numeric: true,
  },
];

const byteColumns = ['size', 'sharedSize', 'uniqueSize'] as const;

interface ImagesTableProps {
  images: readonly ImageSummary[];
  /** The clock that relative dates are counted from (ms since the epoch). */
  now: number;
}

export function ImagesTable({ images, now }: ImagesTableProps) {
  const [sort, setSort] = useState<ImageSort>(defaultImageSort);
  const rows = useMemo(() => sortImages(images, sort), [images, sort]);
  const onSort = (column: ImageSortColumn) => setSort((current) => nextSort(current, column));

  return (
    <div className="table-scroll">
      <table className="images-table">
        <caption className="visually-hidden">Images</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <SortHeader key={column.column} {...column} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((image) => (
            <tr
              key={image.id}
              data-image-id={image.id}
              className={image.repoTags.length === 0 ? 'is-untagged' : undefined}
            >
              <td data-column="tags">
                <ImageTags image={image} />
              </td>
              <td data-column="id">
                <code className="image-id" title={image.id}>
                  {shortId(image.id)}
                </code>
              </td>
              <td data-column="created">
                <time dateTime={image.created} title={image.created}>
                  {relativeTime(image.created, now)}
                </time>
              </td>
              {byteColumns.map((column) => (
                <td key={column} className="num" data-column={column} data-bytes={image[column]}>
                  <Bytes value={image[column]} precision={3} />
                </td>
              ))}
              <td className="num" data-column="containers">
                {image.containers}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
