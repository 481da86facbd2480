import type { HistoryEntry, LayerDetail } from '@footprint/shared';

export interface LayerWithStep extends LayerDetail {
  index: number;
  /** The build step that made the layer; null when history and layers do not pair up. */
  step: HistoryEntry | null;
}

export interface HistoryRow extends HistoryEntry {
  /** Index of the layer this step made; null for an empty (metadata-only) step. */
  layerIndex: number | null;
}

/**
 * Pairs layers (bottom first) with the history steps that made them: the image config lists
 * every step oldest first, and only steps with emptyLayer false (or unknown) made a layer, in
 * layer order (OCI image spec, "history"). When the counts differ the pairing is unknown and no
 * layer gets a step, rather than a wrong one.
 */
export function pairHistory(
  layers: readonly LayerDetail[],
  history: readonly HistoryEntry[],
): { layers: LayerWithStep[]; history: HistoryRow[]; paired: boolean } {
  const layerSteps = history.filter((entry) => entry.emptyLayer !== true);
  const paired = layerSteps.length === layers.length;
  let next = 0;
  const rows = history.map((entry) => {
    if (entry.emptyLayer === true || !paired) return { ...entry, layerIndex: null };
    return { ...entry, layerIndex: next++ };
  });
  return {
    layers: layers.map((layer, index) => ({
      ...layer,
      index,
      step: paired ? (layerSteps[index] ?? null) : null,
    })),
    history: rows,
    paired,
  };
}
