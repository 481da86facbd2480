import type { ImageSummary } from '@footprint/shared';
import { type KeyboardEvent, useState } from 'react';
import { Link } from '../../../components/engine-link';
import { MaybeBytes } from '../../../components/bytes';
import { Reference } from '../../../components/share/redaction';
import { imageLink } from '../../images/utils/image-link';
import { imageName } from '../../images/utils/image-name';
import { shortId } from '../../images/utils/short-id';
import type { ChainTreeNode } from '../utils/layer-tree';

interface LayerTreeViewProps {
  roots: readonly ChainTreeNode[];
  images: ReadonlyMap<string, ImageSummary>;
  focusId: string | null;
  onFocus: (node: ChainTreeNode) => void;
}

/** Nodes open at first: the first two levels. */
const openDepth = 2;

function treeItems(tree: HTMLElement): HTMLElement[] {
  return [...tree.querySelectorAll<HTMLElement>('[role="treeitem"] > .tree-row')];
}

/**
 * The layer tree as an ARIA tree: ↑ ↓ move, → opens, ← closes, Enter focuses a node.
 * Each node: its bytes (engine, and on disk when measured), how many images hold it, and the
 * images whose top layer ends it.
 */
export function LayerTreeView({ roots, images, focusId, onFocus }: LayerTreeViewProps) {
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const isOpen = (node: ChainTreeNode) => node.depth < openDepth !== toggled.has(node.id);
  const flip = (id: string) =>
    setToggled((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKey = (event: KeyboardEvent<HTMLElement>, node: ChainTreeNode) => {
    const tree = event.currentTarget.closest('[role="tree"]') as HTMLElement | null;
    if (tree === null) return;
    const rows = treeItems(tree);
    const index = rows.indexOf(event.currentTarget);
    const moveTo = (target: number) => {
      event.preventDefault();
      rows[Math.max(0, Math.min(rows.length - 1, target))]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return moveTo(index + 1);
      case 'ArrowUp':
        return moveTo(index - 1);
      case 'Home':
        return moveTo(0);
      case 'End':
        return moveTo(rows.length - 1);
      case 'ArrowRight':
        event.preventDefault();
        if (node.children.length > 0 && !isOpen(node)) flip(node.id);
        else if (isOpen(node)) moveTo(index + 1);
        return;
      case 'ArrowLeft':
        event.preventDefault();
        if (node.children.length > 0 && isOpen(node)) flip(node.id);
        return;
      case 'Enter':
        event.preventDefault();
        onFocus(node);
        return;
      default:
        return;
    }
  };

  const renderNode = (node: ChainTreeNode, first: boolean) => {
    const open = isOpen(node);
    const hasChildren = node.children.length > 0;
    return (
      <li
        key={node.id}
        role="treeitem"
        aria-expanded={hasChildren ? open : undefined}
        aria-selected={focusId === node.id}
        data-chain-id={node.id}
        data-images-above={node.imagesAbove.length}
        data-size={node.size ?? undefined}
      >
        <div
          className="tree-row"
          tabIndex={first ? 0 : -1}
          onKeyDown={(event) => onKey(event, node)}
          style={{ paddingLeft: `${node.depth * 20 + 8}px` }}
        >
          {hasChildren ? (
            <button
              type="button"
              className="tree-toggle"
              tabIndex={-1}
              aria-label={open ? 'Collapse' : 'Expand'}
              onClick={() => flip(node.id)}
            >
              {open ? '▾' : '▸'}
            </button>
          ) : (
            <span className="tree-toggle" aria-hidden="true" />
          )}
          <button
            type="button"
            className="tree-node"
            tabIndex={-1}
            title={`Top layer chain ${node.id}`}
            onClick={() => onFocus(node)}
          >
            <code>{shortId(node.id)}</code>
            <span className="muted">
              {node.chainIds.length === 1 ? '1 layer' : `${node.chainIds.length} layers`}
            </span>
          </button>
          <span className="tree-figures">
            <span className="num" data-bytes={node.size ?? undefined}>
              <MaybeBytes value={node.size} precision={3} source="engine" missingLabel="unknown" />
            </span>
            {node.diskBytes !== null ? (
              <span className="num muted" data-disk-bytes={node.diskBytes}>
                <MaybeBytes value={node.diskBytes} precision={3} source="disk" /> on disk
              </span>
            ) : null}
            <span className="count-pill" title="Images that hold this chain">
              {node.imagesAbove.length} {node.imagesAbove.length === 1 ? 'image' : 'images'}
            </span>
          </span>
          {node.images.length > 0 ? (
            <ul className="tree-images">
              {node.images.map((id) => (
                <li key={id}>
                  <Link to={imageLink(id)} className="tag" tabIndex={-1}>
                    <Reference value={imageName(images.get(id), id)} />
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        {hasChildren && open ? (
          <ul role="group">{node.children.map((child) => renderNode(child, false))}</ul>
        ) : null}
      </li>
    );
  };

  return (
    <ul className="layer-tree" role="tree" aria-label="Layer tree">
      {roots.map((root, index) => renderNode(root, index === 0))}
    </ul>
  );
}
