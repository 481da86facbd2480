import type { TreeEntry } from '@footprint/shared';
import type { CSSProperties } from 'react';
import { Bytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { inertAttribute } from '../../../lib/inert-text';
import { deletionLabel, kindLabels, modeString } from '../utils/entry-labels';
import { isExpandable, type TreeRow } from '../utils/tree-rows';
import { ChangeBadge } from './change-badge';
import { InertName } from './inert-name';

interface TreeRowViewProps {
  row: TreeRow;
  id: string;
  active: boolean;
  /** The merged view's column: the layer that last changed each entry. */
  showLastChange: boolean;
  /** A layer's build step (its history line), for the last-change column's title. */
  stepOf: (layer: number) => string | null;
  style: CSSProperties;
  onActivate: () => void;
  onToggle: () => void;
}

const indent = 18;

/** One row of the file tree: a treeitem with its name, change, sizes and mode. */
export function TreeRowView({
  row,
  id,
  active,
  showLastChange,
  stepOf,
  style,
  onActivate,
  onToggle,
}: TreeRowViewProps) {
  const aria = {
    id,
    role: 'treeitem',
    'aria-level': row.depth + 1,
    'aria-posinset': row.position,
    'aria-setsize': row.setSize,
    'aria-selected': active,
  };
  const pad = { paddingLeft: 8 + row.depth * indent };
  if (row.type !== 'entry') {
    return (
      <div
        {...aria}
        className="tree-item"
        data-row-type={row.type}
        style={style}
        onClick={onActivate}
      >
        <span className="tree-cell-name" style={pad}>
          {row.type === 'pending' ? (
            <span className="tree-pending">Loading…</span>
          ) : (
            <span className="tree-error" title={inertAttribute(row.error.message)}>
              Could not list this part: <InertText value={row.error.message} max={300} />
            </span>
          )}
        </span>
      </div>
    );
  }
  const { entry } = row;
  const expandable = isExpandable(entry);
  return (
    <div
      {...aria}
      aria-expanded={expandable ? row.expanded : undefined}
      className="tree-item"
      data-path={inertAttribute(entry.path)}
      data-kind={entry.kind}
      data-change={entry.change}
      style={style}
      onClick={() => {
        onActivate();
        if (expandable) onToggle();
      }}
    >
      <span className="tree-cell-name" style={pad}>
        <span className="tree-chevron" aria-hidden="true" data-open={row.expanded || undefined}>
          {expandable ? '▸' : ''}
        </span>
        <span className="tree-kind-icon" aria-hidden="true" data-kind={entry.kind} />
        <InertName className="tree-name" text={entry.name} />
        {entry.kind === 'symlink' && entry.linkTarget !== null ? (
          <span className="tree-link">
            <span aria-hidden="true">→ </span>
            <span className="visually-hidden">symlink to </span>
            <InertName className="mono" text={entry.linkTarget} />
          </span>
        ) : null}
        {entry.kind === 'hardlink' ? (
          <span className="tree-link">
            <span className="kind-tag">hard link</span>
            {entry.linkTarget !== null ? (
              <>
                <span className="visually-hidden"> shares its data with </span>
                <span aria-hidden="true"> ⇔ </span>
                <InertName className="mono" text={entry.linkTarget} />
              </>
            ) : null}
          </span>
        ) : null}
        {entry.kind !== 'file' &&
        entry.kind !== 'dir' &&
        entry.kind !== 'symlink' &&
        entry.kind !== 'hardlink' ? (
          <span className="kind-tag">{kindLabels[entry.kind]}</span>
        ) : null}
        {entry.opaque ? (
          <span className="kind-tag" title="This directory hides what the layers below had in it">
            opaque
          </span>
        ) : null}
      </span>
      <span className="tree-cell-change">
        <ChangeBadge change={entry.change} title={deletionLabel(entry)} />
      </span>
      {showLastChange ? <LastChange entry={entry} stepOf={stepOf} /> : null}
      <span className="tree-cell-num" data-bytes={entry.apparentBytes}>
        <Bytes value={entry.apparentBytes} />
      </span>
      <span
        className="tree-cell-num muted"
        data-file-count={entry.kind === 'dir' ? entry.fileCount : undefined}
      >
        {entry.kind === 'dir' ? entry.fileCount.toLocaleString('en-US') : ''}
      </span>
      {entry.mode === null || entry.uid === null || entry.gid === null ? (
        <>
          <span className="tree-cell-mode muted" title={noOwnerHint(entry)} data-mode="none">
            none
          </span>
          <span className="tree-cell-owner muted" title={noOwnerHint(entry)} data-owner="none">
            none
          </span>
        </>
      ) : (
        <>
          <span
            className="tree-cell-mode mono muted"
            data-mode={entry.mode.toString(8).padStart(4, '0')}
            title={`Mode ${entry.mode.toString(8).padStart(4, '0')}`}
          >
            {modeString(entry.kind, entry.mode)}
          </span>
          <span
            className="tree-cell-owner mono muted"
            data-owner={`${entry.uid}:${entry.gid}`}
            title={`Owner: user ID ${entry.uid}, group ID ${entry.gid}`}
          >
            {entry.uid}:{entry.gid}
          </span>
        </>
      )}
    </div>
  );
}

/** Why a deleted entry shows no mode or owner. */
function noOwnerHint(entry: TreeEntry): string {
  const how = entry.deletedBy === 'opaque' ? 'The hiding by an opaque directory' : 'A whiteout';
  return `${how} has no mode or owner of its own: it only deletes what the layers below had.`;
}

/** The layer that last changed the entry, its change there, and that layer's build step. */
export function LastChange({
  entry,
  stepOf,
}: {
  entry: TreeEntry;
  stepOf: (layer: number) => string | null;
}) {
  const { layer, change } = entry.lastChange;
  const step = stepOf(layer);
  const title =
    `Last changed in layer ${layer} (${change})` +
    (step === null ? '' : `: ${inertAttribute(step, 300)}`);
  return (
    <span
      className="tree-cell-layer"
      data-last-layer={layer}
      data-last-change={change}
      title={title}
    >
      <span className="visually-hidden">last changed in </span>
      <span className="last-layer">layer {layer}</span>
      <ChangeBadge change={change} compact />
    </span>
  );
}
