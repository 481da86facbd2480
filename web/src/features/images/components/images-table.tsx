import type { ImageSummary, ImageUpdate } from '@footprint/shared';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type MouseEvent,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useEngineNavigate } from '../../../components/engine-link';
import { imageLink } from '../utils/image-link';
import { selectRange, toggle } from '../utils/selection';
import type { ImageSort, ImageSortColumn } from '../utils/sort-images';
import { ImageRow, type ImageRowHandlers } from './image-row';
import { imageColumnCount, ImagesTableHead } from './images-table-head';
import './images-table.css';

// One line of tags: images-table.css keeps untagged rows at this height too.
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
  /** Kept update-check results by image ID (the row's update badge); absent: none shown. */
  updates?: ReadonlyMap<string, ImageUpdate>;
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
  updates,
}: ImagesTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const navigate = useEngineNavigate();
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
  // Every scroll step renders the table again: nothing here may walk all 5,000 rows each time.
  const ids = useMemo(() => rows.map((row) => row.id), [rows]);
  const allSelected = useMemo(
    () => rows.length > 0 && rows.every((row) => selected.has(row.id)),
    [rows, selected],
  );

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

  const onToggleAll = () => onSelect(allSelected ? new Set() : new Set(ids));

  // Rows and headers get handlers that never change; they call the latest closures kept in a ref.
  const latest = useRef({ onRowKey, onCheckbox, onToggleAll });
  useLayoutEffect(() => {
    latest.current = { onRowKey, onCheckbox, onToggleAll };
  });
  const toggleAll = useCallback(() => latest.current.onToggleAll(), []);
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
        <ImagesTableHead
          sort={sort}
          onSort={onSort}
          allSelected={allSelected}
          onToggleAll={toggleAll}
        />
        <tbody>
          {paddingTop > 0 ? (
            <tr className="spacer-row" aria-hidden="true">
              <td colSpan={imageColumnCount} style={{ height: paddingTop }} />
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
                update={updates?.get(image.id) ?? null}
                handlers={handlers}
              />
            );
          })}
          {paddingBottom > 0 ? (
            <tr className="spacer-row" aria-hidden="true">
              <td colSpan={imageColumnCount} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
