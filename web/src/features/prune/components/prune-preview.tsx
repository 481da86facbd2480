import type { PrunePreview } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { PruneItems } from './prune-items';

const totals = [
  ['images', 'images'],
  ['containers', 'containers'],
  ['volumes', 'volumes'],
  ['buildCache', 'build cache records'],
] as const;

interface PrunePreviewViewProps {
  preview: PrunePreview;
  onPrune: () => void;
  disabled: boolean;
}

/** The preview: the exact bytes, the caveats, every item; then the way to confirm. */
export function PrunePreviewView({ preview, onPrune, disabled }: PrunePreviewViewProps) {
  const count = preview.items.length;
  return (
    <div data-testid="prune-preview" data-preview-id={preview.previewId}>
      <p className="action-total">
        Would come back:{' '}
        <span data-bytes={preview.totalBytes} data-testid="preview-total">
          <Bytes value={preview.totalBytes} source="engine" />
        </span>{' '}
        as the engine counts it,{' '}
        <span data-disk-bytes={preview.disk.totalBytes} data-testid="preview-disk-total">
          <Bytes value={preview.disk.totalBytes} source="disk" />
        </span>
        {preview.disk.complete ? ' on disk' : ' on disk and more'}
        <span className="muted">
          {' '}
          ·{' '}
          {totals
            .filter(([key]) => preview.totals[key].count > 0)
            .map(([key, noun]) => `${preview.totals[key].count} ${noun}`)
            .join(', ') || 'nothing'}
        </span>
      </p>
      {preview.disk.note !== null ? (
        <p className="action-note" data-testid="preview-disk-note">
          <InertText value={preview.disk.note} max={600} />
        </p>
      ) : null}
      {preview.notes.length > 0 ? (
        <ul className="action-note plain-list" aria-label="Read first">
          {preview.notes.map((note) => (
            <li key={note}>
              <InertText value={note} max={600} />
            </li>
          ))}
        </ul>
      ) : null}
      {count === 0 ? (
        <p className="muted">Nothing matches these kinds and filters: there is nothing to prune.</p>
      ) : (
        <>
          <PruneItems
            items={preview.items}
            totalBytes={preview.totalBytes}
            disk={preview.disk}
            caption="Prune preview"
          />
          <div className="prune-actions">
            <button
              type="button"
              className="button button-danger"
              onClick={onPrune}
              disabled={disabled}
            >
              Prune these {count} {count === 1 ? 'item' : 'items'}…
            </button>
            <span className="muted">
              This preview holds until {new Date(preview.expiresAt).toLocaleTimeString()} and runs
              once.
            </span>
          </div>
        </>
      )}
    </div>
  );
}
