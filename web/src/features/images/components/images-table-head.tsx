import { memo } from 'react';
import { SourceTag } from '../../../components/bytes';
import { SortHeader } from '../../../components/sort-header';
import type { ImageSort, ImageSortColumn } from '../utils/sort-images';

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
    column: 'lastUsed',
    label: 'Last used',
    description: 'When a container last was created or started from the image',
  },
  {
    column: 'size',
    label: 'Size',
    description: 'All layers of the image, as the engine reports it',
    numeric: true,
  },
  {
    column: 'sharedSize',
    label: 'Shared',
    description: 'Bytes of layers that other images also use (engine)',
    numeric: true,
  },
  {
    column: 'uniqueSize',
    label: 'Unique',
    description: 'Size − shared: what removing only this image frees (engine)',
    numeric: true,
  },
];

/** Cells in a row: the checkbox, the sortable columns, On disk and Containers. */
export const imageColumnCount = columns.length + 3;

interface ImagesTableHeadProps {
  sort: ImageSort;
  onSort: (column: ImageSortColumn) => void;
  allSelected: boolean;
  onToggleAll: () => void;
}

/**
 * The column groups and the sortable headers. Memoized: scrolling re-renders the table for the
 * rows it brings into view, and the headers have nothing to do with that.
 */
export const ImagesTableHead = memo(function ImagesTableHead({
  sort,
  onSort,
  allSelected,
  onToggleAll,
}: ImagesTableHeadProps) {
  return (
    <>
      <colgroup>
        <col className="col-select" />
        <col className="col-tags" />
        <col className="col-id" />
        <col className="col-date" />
        <col className="col-date" />
        <col className="col-bytes" />
        <col className="col-bytes col-shared" />
        <col className="col-bytes" />
        <col className="col-bytes" />
        <col className="col-count" />
      </colgroup>
      <thead>
        <tr className="group-row" aria-rowindex={1}>
          <td colSpan={5} />
          <th scope="colgroup" colSpan={3} className="group-head">
            <SourceTag source="engine" />
          </th>
          <th scope="col" className="group-head">
            <SourceTag source="disk" />
          </th>
          <td />
        </tr>
        <tr aria-rowindex={2}>
          <th scope="col" className="select-cell">
            <input
              type="checkbox"
              aria-label={allSelected ? 'Clear the selection' : 'Select every image listed'}
              checked={allSelected}
              onChange={onToggleAll}
            />
          </th>
          {columns.map((column) => (
            <SortHeader key={column.column} {...column} sort={sort} onSort={onSort} />
          ))}
          <th scope="col" className="num" title="Σ of the image’s layer directories, as du">
            On disk
          </th>
          <SortHeader
            column="containers"
            label="Containers"
            description="Containers, in any state, that use the image"
            numeric
            sort={sort}
            onSort={onSort}
          />
        </tr>
      </thead>
    </>
  );
});
