import { bytesOnlyIn, type ImageSummary, type LayerList } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { count } from '../../../lib/count';

interface SelectionBarProps {
  selected: ReadonlySet<string>;
  images: readonly ImageSummary[];
  layers: LayerList | undefined;
  onClear: () => void;
}

/**
 * What the selected images take together. Removal (issue 5, safe actions) will put its buttons
 * here, beside the bytes it would free.
 */
export function SelectionBar({ selected, images, layers, onClear }: SelectionBarProps) {
  if (selected.size === 0) return null;
  const chosen = images.filter((image) => selected.has(image.id));
  const freed = layers ? bytesOnlyIn(selected, layers.layers) : null;
  return (
    <div className="selection-bar" role="status" data-testid="selection-bar">
      <span>
        <strong>{selected.size}</strong> selected
        {chosen.length < selected.size
          ? ` (${selected.size - chosen.length} hidden by filters)`
          : ''}
      </span>
      {freed ? (
        <span data-bytes={freed.bytes} data-role="freed">
          Removing them together would free <Bytes value={freed.bytes} source="engine" />
          {freed.unknownLayers > 0
            ? ` or more (${count(freed.unknownLayers, 'layer')} without a size)`
            : ''}
          <span className="muted"> · layers only these images hold, engine sizes</span>
        </span>
      ) : null}
      <button type="button" className="button button-quiet" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
