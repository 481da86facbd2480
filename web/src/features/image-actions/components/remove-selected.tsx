import type { ImageSummary } from '@footprint/shared';
import { useState } from 'react';
import { ActionGate } from '../../session/components/action-gate';
import { type RemovableImage, RemoveImagesDialog } from './remove-images-dialog';

interface RemoveSelectedProps {
  selected: ReadonlySet<string>;
  images: readonly ImageSummary[];
  /** After the dialog closed: the IDs the engine removed, to drop from the selection. */
  onRemoved: (ids: string[]) => void;
}

/**
 * "Remove selected" for the Images page's multi-select. The list is taken when the button is
 * pressed, so what the dialog shows (and asks the server to count) is exactly what is sent,
 * whatever the live list does meanwhile. The dialog lives here, not in the selection bar, so it
 * stays open when the removed images leave the selection.
 */
export function RemoveSelected({ selected, images, onRemoved }: RemoveSelectedProps) {
  const [pending, setPending] = useState<RemovableImage[] | null>(null);
  const chosen = images.filter((image) => selected.has(image.id));

  return (
    <>
      {chosen.length > 0 ? (
        <div className="selection-actions">
          <ActionGate>
            <button
              type="button"
              className="button button-danger"
              onClick={() => setPending(chosen)}
            >
              Remove selected ({chosen.length})…
            </button>
          </ActionGate>
        </div>
      ) : null}
      {pending ? (
        <RemoveImagesDialog
          images={pending}
          onClose={(removed) => {
            setPending(null);
            if (removed.length > 0) onRemoved(removed);
          }}
        />
      ) : null}
    </>
  );
}
