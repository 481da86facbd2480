import type { PrunePreview } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { InertText } from '../../../components/inert-text';
import { PruneItems } from './prune-items';

interface PruneConfirmDialogProps {
  preview: PrunePreview;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The last look before a prune: every item, the bytes, and that nothing else is touched. */
export function PruneConfirmDialog({
  preview,
  busy,
  onConfirm,
  onCancel,
}: PruneConfirmDialogProps) {
  const count = preview.items.length;
  return (
    <ConfirmDialog
      title={`Remove these ${count} ${count === 1 ? 'item' : 'items'}?`}
      onClose={onCancel}
      busy={busy}
      testId="prune-confirm"
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={onConfirm}
            disabled={busy}
          >
            {busy ? 'Pruning…' : `Prune ${count} ${count === 1 ? 'item' : 'items'}`}
          </button>
        </>
      }
    >
      <p className="action-total">
        Comes back: <Bytes value={preview.totalBytes} source="engine" /> as the engine counts it,{' '}
        <Bytes value={preview.disk.totalBytes} source="disk" /> on disk
        {preview.disk.complete ? '' : ' and more'}{' '}
        <span className="muted">(a layer counts only if nothing left afterwards uses it)</span>
      </p>
      {preview.disk.note !== null ? (
        <p className="action-note">
          <InertText value={preview.disk.note} max={600} />
        </p>
      ) : null}
      <p>
        Each item is checked again and removed by ID; anything that changed since the preview is
        reported, not removed. There is no undo.
      </p>
      <PruneItems
        items={preview.items}
        totalBytes={preview.totalBytes}
        disk={preview.disk}
        caption="Items to prune"
      />
    </ConfirmDialog>
  );
}
