import type { ImageSummary } from '@footprint/shared';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type MouseEvent,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useNavigate } from 'react-router';
import { SourceTag } from '../../../components/bytes';
import { SortHeader } from '../../../components/sort-header';
import { imageLink } from '../utils/image-link';
import { selectRange, toggle } from '../utils/selection';
import type { ImageSort, ImageSortColumn } from '../utils/sort-images';
import { ImageRow, type ImageRowHandlers } from './image-row';

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

const rowHeight = 41;

export interface ImageDiskFigures {
  /** Σ of the image's layer directories on disk, by image ID; null when not measured. */
  byImage: ReadonlyMap<string, number | null>;
  reason: string | null;
}

interface ImagesTableProps {
  rows: readonly ImageSummary[];
  sort: ImageSort;
  onSort: (column: ImageSortColumn) => void;
  selected: ReadonlySet<string>;
  onSelect: (selected: Set<string>) => void;
  disk: ImageDiskFigures | null;
  /** The clock that relative dates are counted from (ms since the epoch). */
  now: number;
}

/**
 * Every image in a real <table>, virtualized: only the rows in view (and a few around) are in
 * the DOM, spacer rows keep the scroll height, so 5,000 images scroll smoothly. Keyboard: ↑ ↓
 * Home End move, Space selects, Shift+↑/↓ extends the selection, Enter opens the image.
 */
export function ImagesTable({
  rows,
  sort,
  onSort,
  selected,
  onSelect,
  disk,
  now,
}: ImagesTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const [anchor, setAnchor] = useState<string | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // Before the first measurement (and in tests, which have no layout): a screenful.
    initialRect: { width: 1200, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const ids = rows.map((row) => row.id);
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const columnCount = columns.length + 3;

  const focusRow = (index: number) => {
    const bounded = Math.max(0, Math.min(rows.length - 1, index));
    setFocusIndex(bounded);
    virtualizer.scrollToIndex(bounded, { align: 'auto' });
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${bounded}"]`)?.focus();
    });
    return bounded;
  };

  const onCheckbox = (event: MouseEvent<HTMLInputElement>, id: string) => {
    onSelect(event.shiftKey ? selectRange(ids, selected, anchor, id) : toggle(selected, id));
    setAnchor(id);
  };

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, id: string) => {
    if (event.target !== event.currentTarget) return;
    const move = (to: number) => {
      event.preventDefault();
      const target = focusRow(to);
      if (event.shiftKey) {
        const targetId = ids[target] as string;
        const next = new Set(selected);
        next.add(id);
        next.add(targetId);
        onSelect(next);
        setAnchor(targetId);
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(rows.length - 1);
      case 'PageDown':
        return move(index + 10);
      case 'PageUp':
        return move(index - 10);
      case ' ':
        event.preventDefault();
        onSelect(event.shiftKey ? selectRange(ids, selected, anchor, id) : toggle(selected, id));
        setAnchor(id);
        return;
      case 'Enter':
        event.preventDefault();
        void navigate(imageLink(id));
        return;
      default:
        return;
    }
  };

  // Rows get handlers that never change; they call the latest closures kept in a ref.
  const latest = useRef({ onRowKey, onCheckbox });
  useLayoutEffect(() => {
    latest.current = { onRowKey, onCheckbox };
  });
  const measureElement = virtualizer.measureElement;
  const handlers = useMemo<ImageRowHandlers>(
    () => ({
      measure: measureElement,
      focus: setFocusIndex,
      key: (event, index, id) => latest.current.onRowKey(event, index, id),
      check: (event, id) => latest.current.onCheckbox(event, id),
    }),
    [measureElement],
  );

  return (
    <div className="virtual-scroll" ref={scrollRef}>
      <table className="images-table" aria-rowcount={rows.length + 2}>
        <caption className="visually-hidden">Images</caption>
        <colgroup>
          <col className="col-select" />
          <col className="col-tags" />
          <col className="col-id" />
          <col className="col-date" />
          <col className="col-date" />
          <col className="col-bytes" />
          <col className="col-bytes" />
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
                onChange={() => onSelect(allSelected ? new Set() : new Set(ids))}
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
        <tbody>
          {paddingTop > 0 ? (
            <tr className="spacer-row" aria-hidden="true">
              <td colSpan={columnCount} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const image = rows[item.index] as ImageSummary;
            return (
              <ImageRow
                key={image.id}
                image={image}
                index={item.index}
                selected={selected.has(image.id)}
                focusable={item.index === focusIndex}
                diskBytes={disk?.byImage.get(image.id) ?? null}
                diskReason={disk?.reason ?? 'Loading the layer figures…'}
                now={now}
                handlers={handlers}
              />
            );
          })}
          {paddingBottom > 0 ? (
            <tr className="spacer-row" aria-hidden="true">
              <td colSpan={columnCount} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
