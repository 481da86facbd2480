import type { ImageAnalysis } from '@footprint/shared';
import { diveEfficiency, diveEntries } from './dive-efficiency.js';
import type { PackedLayer } from './packed-layer.js';
import { displayPathOf } from './tree-names.js';
import { summarizeWaste } from './waste.js';

/** What an image's analysis says that depends on its layers alone (not on names or history). */
export type StackAnalysis = Omit<ImageAnalysis, 'imageId' | 'repoTags' | 'layers'> & {
  layers: Omit<ImageAnalysis['layers'][number], 'chainId' | 'diffId' | 'createdBy'>[];
};

/** Waste as we count it and dive's figures, for a whole stack, bottom layer first. */
export function analyzeStack(stack: readonly PackedLayer[]): StackAnalysis {
  const waste = summarizeWaste(stack);
  // One layer's entries at a time: dive's trees are all it keeps of them.
  const dive = diveEfficiency(
    (function* () {
      for (const packed of stack) yield diveEntries(packed);
    })(),
  );
  return {
    layers: stack.map((packed, index) => ({
      index,
      apparentBytes: packed.f64('apparent', 0),
      fileCount: packed.u32('fileCount', 0),
      replacedBytes: waste.layers[index]?.replacedBytes ?? 0,
      deletedBytes: waste.layers[index]?.deletedBytes ?? 0,
    })),
    totalApparentBytes: stack.reduce((sum, packed) => sum + packed.f64('apparent', 0), 0),
    visibleApparentBytes: waste.visibleBytes,
    reclaimableBytes: waste.reclaimableBytes,
    wastedFiles: waste.files.map((file) => ({
      path: `/${file.path.join('/')}`,
      displayPath: displayPathOf(file.path),
      copies: file.copies.map((copy) => ({
        layer: copy.layer,
        apparentBytes: copy.bytes,
        fate: copy.fate,
        byLayer: copy.byLayer,
        heldByLink: copy.heldByLink === null ? null : displayPathOf(copy.heldByLink),
      })),
      reclaimableBytes: file.reclaimableBytes,
    })),
    dive,
  };
}
