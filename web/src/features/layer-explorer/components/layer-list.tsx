import '../layer-explorer.css';
import type { ImageAnalysis } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { fileCountLabel } from '../utils/entry-labels';
import { InertName } from './inert-name';

interface LayerListProps {
  layers: ImageAnalysis['layers'];
  selected: number | 'merged';
  onSelect: (layer: number | 'merged') => void;
  /** What a container sees, hard-linked data once. */
  visibleBytes: number;
}

/** The image's layers bottom to top, and the merged view a container gets, to pick one. */
export function LayerList({ layers, selected, onSelect, visibleBytes }: LayerListProps) {
  return (
    <ol className="layer-list" aria-label="Layers, bottom to top">
      {layers.map((layer) => (
        <li key={layer.index}>
          <button
            type="button"
            className="layer-item"
            aria-current={selected === layer.index ? 'true' : undefined}
            data-layer={layer.index}
            onClick={() => onSelect(layer.index)}
          >
            <span className="layer-item-head">
              <span className="layer-index">Layer {layer.index}</span>
              <span className="layer-bytes" data-bytes={layer.apparentBytes}>
                <Bytes value={layer.apparentBytes} />
              </span>
            </span>
            <InertName
              className="layer-command mono"
              text={layer.createdBy?.trim() || '(no build step recorded)'}
            />
            <span className="layer-item-meta">
              {fileCountLabel(layer.fileCount)}
              {layer.replacedBytes > 0 ? (
                <span data-replaced-bytes={layer.replacedBytes}>
                  {' · overwrites '}
                  <Bytes value={layer.replacedBytes} />
                </span>
              ) : null}
              {layer.deletedBytes > 0 ? (
                <span data-deleted-bytes={layer.deletedBytes}>
                  {' · deletes '}
                  <Bytes value={layer.deletedBytes} />
                </span>
              ) : null}
            </span>
          </button>
        </li>
      ))}
      <li>
        <button
          type="button"
          className="layer-item layer-item-merged"
          aria-current={selected === 'merged' ? 'true' : undefined}
          data-layer="merged"
          onClick={() => onSelect('merged')}
        >
          <span className="layer-item-head">
            <span className="layer-index">Merged view</span>
            <span className="layer-bytes" data-bytes={visibleBytes}>
              <Bytes value={visibleBytes} />
            </span>
          </span>
          <span className="layer-item-meta">
            What a container sees: every layer stacked, later ones over earlier
          </span>
        </button>
      </li>
    </ol>
  );
}
