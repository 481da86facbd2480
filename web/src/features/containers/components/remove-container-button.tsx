import type { ContainerDisk } from '@footprint/shared';
import { inertAttribute } from '../../../lib/inert-text';

/**
 * "Remove…" on a container's row. The dialog it opens lives with the page, not the row: the
 * row goes when the container does, and the report has to stay.
 */
export function RemoveContainerButton({
  container,
  onOpen,
}: {
  container: ContainerDisk;
  onOpen: (container: ContainerDisk) => void;
}) {
  const name = container.names[0] ?? container.id.slice(0, 12);
  return (
    <button
      type="button"
      className="button button-quiet button-small"
      aria-label={`Remove container ${inertAttribute(name, 80)}`}
      onClick={() => onOpen(container)}
    >
      Remove…
    </button>
  );
}
