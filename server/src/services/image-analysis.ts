import type { ImageAnalysis } from '@footprint/shared';
import type { LayerIndex, ResolvedImage } from './layer-index.js';

/**
 * The answer per resolved image: its layers never change, and the resolved image is the same
 * object while its tags are the same (LayerIndex.resolve), so the answer is too and is
 * serialized once. Built per request, it read and parsed the image config each time.
 */
const answers = new WeakMap<ResolvedImage, Promise<ImageAnalysis>>();

/** Waste per image: our reclaimable bytes, file by file, and dive's figures beside them. */
export async function analyzeImage(index: LayerIndex, reference: string): Promise<ImageAnalysis> {
  const image = await index.resolve(reference);
  let answer = answers.get(image);
  if (answer === undefined) {
    answer = analyze(index, image);
    answers.set(image, answer);
    answer.catch(() => answers.delete(image));
  }
  return answer;
}

async function analyze(index: LayerIndex, image: ResolvedImage): Promise<ImageAnalysis> {
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
