import type { ImageAnalysis } from '@footprint/shared';
import type { LayerIndex } from './layer-index.js';

/** Waste per image: our reclaimable bytes, file by file, and dive's figures beside them. */
export async function analyzeImage(index: LayerIndex, reference: string): Promise<ImageAnalysis> {
  const image = await index.resolve(reference);
  const [analysis, config] = await Promise.all([
    index.analysis(image),
    image.store.readImageConfig(image.id),
  ]);
  const steps = (config?.history ?? []).filter((step) => step.empty_layer !== true);
  const createdBy = (i: number) =>
    steps.length === analysis.layers.length ? (steps[i]?.created_by ?? null) : null;
  return {
    ...analysis,
    imageId: image.id,
    repoTags: image.repoTags,
    layers: analysis.layers.map((layer, i) => ({
      ...layer,
      chainId: image.chainIds[i] as string,
      diffId: image.diffIds[i] as string,
      createdBy: createdBy(i),
    })),
  };
}
