import '../layer-explorer.css';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ErrorMessage } from '../../../components/error-message';
import { EmptyState } from '../../../components/query-state';
import { treePageSize, type TreeParams, useTreePages } from '../api/get-tree-page';
import {
  flattenTree,
  isExpandable,
  pagesToLoad,
  parentIndex,
  siblingIndexes,
  type TreeRow,
} from '../utils/tree-rows';
import { TreeRowView } from './tree-row';
import { ListingNotes } from './work-progress';

const rowHeight = 34;

interface FileTreeProps {
  params: TreeParams;
  /** The directory at the top of the tree ("/" or one the user went into). */
  root: string;
  label: string;
  enabled: boolean;
  /** Show another directory at the top of the tree. */
  onOpen: (path: string) => void;
  /** A layer's build step (history line), or null when none is recorded or known yet. */
  stepOf?: (layer: number) => string | null;
}

const noStep = () => null;

type PageRef = { directory: string; page: number };
const pageKey = (ref: PageRef) => `${ref.directory}\u0000${ref.page}`;

/**
 * The lazy, virtualized file tree. Only directories the user opens are listed, a page of 500
 * entries at a time, each page when its rows come into view; only the rows in view are in the
 * DOM, so a layer of 100,000 files opens at once and scrolls smoothly.
 *
 * Keyboard (WAI-ARIA tree): ↑ ↓ Home End PageUp PageDown move, → or Enter opens a directory
 * (→ again goes to its first entry), ← closes it or goes to its directory, * opens every
 * directory beside the current one.
 */
export function FileTree({ params, root, label, enabled, onOpen, stepOf = noStep }: FileTreeProps) {
  const treeId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [wanted, setWanted] = useState<PageRef[]>(() => [{ directory: root, page: 0 }]);
  // The active row by key (it stays put when rows above open), and by index for when its key
  // goes away (a pending row replaced by the entry it stood for).
  const [active, setActive] = useState<{ key: string; index: number } | null>(null);
  const { lookup, first } = useTreePages(params, wanted, enabled);

  const rows = useMemo(
    () => flattenTree({ root, expanded, pageSize: treePageSize, lookup }),
    [root, expanded, lookup],
  );
  const indexByKey = useMemo(() => new Map(rows.map((row, index) => [row.key, index])), [rows]);
  const activeIndex = Math.min(
    rows.length - 1,
    active === null ? 0 : (indexByKey.get(active.key) ?? active.index),
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 20,
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();

  // Ask for the pages that pending rows in view are waiting for.
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    const indexes = Array.from({ length: lastIndex - firstIndex + 1 }, (_, i) => firstIndex + i);
    const missing = pagesToLoad(rows, indexes);
    if (missing.length === 0) return;
    setWanted((current) => {
      const known = new Set(current.map(pageKey));
      const added = missing.filter((ref) => !known.has(pageKey(ref)));
      return added.length === 0 ? current : [...current, ...added];
    });
  }, [rows, firstIndex, lastIndex]);

  const setOpen = (paths: string[], open: boolean) => {
    setExpanded((current) => {
      const next = new Set(current);
      for (const path of paths) {
        if (open) next.add(path);
        else next.delete(path);
      }
      return next;
    });
  };

  // Opening a directory asks for its first page at once (even out of view: * opens many), so
  // that its size in rows is known and the scroll height is right.
  useEffect(() => {
    setWanted((current) => {
      const known = new Set(current.map(pageKey));
      const added = [...expanded]
        .map((directory) => ({ directory, page: 0 }))
        .filter((ref) => !known.has(pageKey(ref)));
      return added.length === 0 ? current : [...current, ...added];
    });
  }, [expanded]);

  const moveTo = (index: number) => {
    const bounded = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows[bounded];
    if (!row) return;
    setActive({ key: row.key, index: bounded });
    virtualizer.scrollToIndex(bounded, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row: TreeRow | undefined = rows[activeIndex];
    if (!row) return;
    const entry = row.type === 'entry' ? row.entry : null;
    const expandable = entry !== null && isExpandable(entry);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight) - 1);
    const handled = () => event.preventDefault();
    switch (event.key) {
      case 'ArrowDown':
        handled();
        return moveTo(activeIndex + 1);
      case 'ArrowUp':
        handled();
        return moveTo(activeIndex - 1);
      case 'Home':
        handled();
        return moveTo(0);
      case 'End':
        handled();
        return moveTo(rows.length - 1);
      case 'PageDown':
        handled();
        return moveTo(activeIndex + page);
      case 'PageUp':
        handled();
        return moveTo(activeIndex - page);
      case 'ArrowRight':
        handled();
        if (!expandable || !entry) return;
        if (row.type === 'entry' && row.expanded) return moveTo(activeIndex + 1);
        return setOpen([entry.path], true);
      case 'Enter':
        handled();
        if (expandable && entry) setOpen([entry.path], !(row.type === 'entry' && row.expanded));
        return;
      case 'ArrowLeft':
        handled();
        if (row.type === 'entry' && row.expanded) return setOpen([row.entry.path], false);
        return moveTo(parentIndex(rows, activeIndex));
      case '*':
        handled();
        return setOpen(
          siblingIndexes(rows, activeIndex).flatMap((index) => {
            const sibling = rows[index];
            return sibling?.type === 'entry' && isExpandable(sibling.entry)
              ? [sibling.entry.path]
              : [];
          }),
          true,
        );
      default:
    }
  };

  if (first?.error && !first.data) {
    return (
      <div className="tree-failed">
        <ErrorMessage title="Could not list this directory" error={first.error} />
        {root !== '/' ? (
          <p>
            The path may not exist in this layer: pick the merged view, or{' '}
            <button type="button" className="link-button" onClick={() => onOpen('/')}>
              go back to /
            </button>
            .
          </p>
        ) : null}
      </div>
    );
  }
  if (first?.data && first.data.total === 0 && params.changes !== undefined) {
    return (
      <EmptyState title="Nothing here matches the change filter">
        No entry of this directory, nor anything under it, has the change types chosen. Tick more of
        them, or go up a directory.
      </EmptyState>
    );
  }
  if (first?.data && first.data.total === 0) {
    return (
      <EmptyState title="This directory is empty">
        {params.view === 'layer'
          ? 'This layer adds nothing here. Pick another layer, or the merged view.'
          : 'Nothing is visible here to a container. Go up a directory.'}
      </EmptyState>
    );
  }
  const activeRow = rows[activeIndex];
  const merged = params.view === 'merged';
  return (
    <div
      className="file-tree"
      data-loaded={first?.data ? 'true' : undefined}
      data-view={params.view}
    >
      <ListingNotes notes={first?.data?.notes ?? []} />
      {/* Wider than a phone: the columns scroll sideways in here, never the page. */}
      <div className="file-tree-wide">
        <div className="file-tree-head" aria-hidden="true">
          <span>Name</span>
          <span>Change</span>
          {merged ? (
            <span title="The layer that last changed the entry, and how">Last change</span>
          ) : null}
          <span className="num" title="Apparent bytes, as du -b counts them">
            Size
          </span>
          <span className="num">Files</span>
          <span>Mode</span>
          <span title="Owner: user ID and group ID">UID:GID</span>
        </div>
        <div
          ref={scrollRef}
          className="file-tree-scroll"
          role="tree"
          aria-label={label}
          aria-busy={first?.data ? undefined : true}
          aria-activedescendant={activeRow ? `${treeId}-${activeIndex}` : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
          data-row-count={rows.length}
        >
          <div className="file-tree-sizer" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index] as TreeRow;
              return (
                <TreeRowView
                  key={row.key}
                  id={`${treeId}-${item.index}`}
                  row={row}
                  active={item.index === activeIndex}
                  showLastChange={merged}
                  stepOf={stepOf}
                  style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                  onActivate={() => setActive({ key: row.key, index: item.index })}
                  onToggle={() => {
                    if (row.type === 'entry') setOpen([row.entry.path], !row.expanded);
                  }}
                />
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
