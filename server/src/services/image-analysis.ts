import type { ImageAnalysis } from '@footprint/shared';
import { diveEfficiency } from '../domain/dive-efficiency.js';
import { displayPathOf } from '../domain/tree-names.js';
import { summarizeWaste } from '../domain/waste.js';
import type { LayerIndex } from './layer-index.js';

/** Waste per image: our reclaimable bytes, file by file, and dive's figures beside them. */
export async function analyzeImage(index: LayerIndex, reference: string): Promise<ImageAnalysis> {
  const image = await index.resolve(reference);
  const layers = await index.layers(image);
  const stack = layers.map((layer) => layer.stacked);
  const waste = summarizeWaste(stack);
  const dive = diveEfficiency(layers.map((layer) => layer.entries));

  const config = await image.store.readImageConfig(image.id);
  const steps = (config?.history ?? []).filter((step) => step.empty_layer !== true);
  const createdBy = (i: number) =>
    steps.length === layers.length ? (steps[i]?.created_by ?? null) : null;

  // Each layer's waste list holds the copies that layer made unreachable.
  const lostBy = (i: number, fates: string[]) =>
    (stack[i]?.waste ?? [])
      .filter((copy) => fates.includes(copy.fate))
      .reduce((sum, copy) => sum + copy.bytes, 0);

  return {
    imageId: image.id,
    repoTags: image.repoTags,
    layers: stack.map((layer, i) => ({
      index: i,
      chainId: image.chainIds[i] as string,
      diffId: image.diffIds[i] as string,
      createdBy: createdBy(i),
      apparentBytes: layer.tree.apparentBytes,
      fileCount: layer.tree.fileCount,
      replacedBytes: lostBy(i, ['overwritten']),
      deletedBytes: lostBy(i, ['deleted', 'hidden']),
    })),
    totalApparentBytes: stack.reduce((sum, layer) => sum + layer.tree.apparentBytes, 0),
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
