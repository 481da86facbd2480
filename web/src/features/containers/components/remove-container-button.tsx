import type { ContainerDisk } from '@footprint/shared';
import { useState } from 'react';
import { inertAttribute } from '../../../lib/inert-text';
import { RemoveContainerDialog } from './remove-container-dialog';

/** "Remove…" on a container's row, opening the dialog that shows what goes first. */
export function RemoveContainerButton({ container }: { container: ContainerDisk }) {
  const [open, setOpen] = useState(false);
  const name = container.names[0] ?? container.id.slice(0, 12);
  return (
    <>
      <button
        type="button"
        className="button button-quiet button-small"
        aria-label={`Remove container ${inertAttribute(name, 80)}`}
        onClick={() => setOpen(true)}
      >
        Remove…
      </button>
      {open ? <RemoveContainerDialog container={container} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
