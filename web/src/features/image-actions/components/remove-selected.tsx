import type { ImageSummary, LayerList } from '@footprint/shared';
import { useState } from 'react';
import { bytesOnlyIn } from '../../layers/utils/freed-bytes';
import { ActionGate } from '../../session/components/action-gate';
import { type RemovableImage, RemoveImagesDialog } from './remove-images-dialog';

interface RemoveSelectedProps {
  selected: ReadonlySet<string>;
  images: readonly ImageSummary[];
  layers: LayerList | undefined;
  /** After the dialog closed: the IDs the engine removed, to drop from the selection. */
  onRemoved: (ids: string[]) => void;
}

interface Pending {
  images: RemovableImage[];
  freedBytes: number | null;
}

/**
 * "Remove selected" for the Images page's multi-select. The list and bytes are taken when the
 * button is pressed, so what the dialog shows is exactly what is sent, whatever the live list
 * does meanwhile. The dialog lives here, not in the selection bar, so it stays open when the
 * removed images leave the selection.
 */
export function RemoveSelected({ selected, images, layers, onRemoved }: RemoveSelectedProps) {
  const [pending, setPending] = useState<Pending | null>(null);
  const chosen = images.filter((image) => selected.has(image.id));

  const open = () => {
    const ids = new Set(chosen.map((image) => image.id));
    const freed = layers ? bytesOnlyIn(ids, layers.layers) : null;
    setPending({
      images: chosen,
      freedBytes: freed && freed.unknownLayers === 0 ? freed.bytes : null,
    });
  };

  return (
    <>
      {chosen.length > 0 ? (
        <div className="selection-actions">
          <ActionGate>
            <button type="button" className="button button-danger" onClick={open}>
              Remove selected ({chosen.length})…
            </button>
          </ActionGate>
        </div>
      ) : null}
      {pending ? (
        <RemoveImagesDialog
          images={pending.images}
          freedBytes={pending.freedBytes}
          onClose={(removed) => {
            setPending(null);
            if (removed.length > 0) onRemoved(removed);
          }}
        />
      ) : null}
    </>
  );
}
