import type { ImageSummary } from './schemas/images.js';
import type { LayerList, LayerNode, LayerSummary } from './schemas/layers.js';

/*
 * Sums over the layer list (GET /api/layers) that the server and the page both make: the server
 * for the overview's summary (GET /api/layers/summary), the page for a selection or a
 * repository. One definition, so that the same quantity is the same number on every page.
 */

/** What these sums read of a layer: its engine size and the images whose chains hold it. */
export interface SizedLayer {
  size: number | null;
  images: readonly string[];
}

export interface LayerBytes {
  /** Engine bytes (layerdb size) of the layers counted. */
  bytes: number;
  /** Layers counted whose size the engine did not give: `bytes` is then a lower bound. */
  unknownLayers: number;
  layers: number;
}

function sumOf(layers: readonly SizedLayer[], counted: (layer: SizedLayer) => boolean) {
  const result: LayerBytes = { bytes: 0, unknownLayers: 0, layers: 0 };
  for (const layer of layers) {
    if (!counted(layer)) continue;
    result.layers++;
    if (layer.size === null) result.unknownLayers++;
    else result.bytes += layer.size;
  }
  return result;
}

/**
 * The layers that only images in `ids` hold, i.e. what removing exactly those images frees, in
 * the engine's layer sizes. A layer shared with any image outside the set stays.
 */
export function bytesOnlyIn(ids: ReadonlySet<string>, layers: readonly SizedLayer[]): LayerBytes {
  if (ids.size === 0) return { bytes: 0, unknownLayers: 0, layers: 0 };
  return sumOf(layers, (layer) => layer.images.every((image) => ids.has(image)));
}

/** Every layer that any image in `ids` holds, each once: the bytes those images take together. */
export function bytesOfUnion(ids: ReadonlySet<string>, layers: readonly SizedLayer[]): LayerBytes {
  return sumOf(layers, (layer) => layer.images.some((image) => ids.has(image)));
}

function heldBy(layers: readonly LayerNode[]): LayerSummary['unique'] {
  let engineBytes: number | null = 0;
  let diskBytes: number | null = 0;
  for (const layer of layers) {
    engineBytes = engineBytes === null || layer.size === null ? null : engineBytes + layer.size;
    diskBytes = diskBytes === null || layer.diskBytes === null ? null : diskBytes + layer.diskBytes;
  }
  return { layers: layers.length, engineBytes, diskBytes };
}

function onlyIn(
  images: readonly ImageSummary[],
  pick: (image: ImageSummary) => boolean,
  layers: readonly LayerNode[],
): LayerSummary['onlyIn']['dangling'] {
  const ids = new Set(images.filter(pick).map((image) => image.id));
  const freed = bytesOnlyIn(ids, layers);
  return {
    images: ids.size,
    layers: freed.layers,
    engineBytes: freed.bytes,
    unknownLayers: freed.unknownLayers,
  };
}

/**
 * The layer list's sums that the overview and the report show (GET /api/layers/summary): the
 * image layers one image holds alone and those several share, and what removing every dangling
 * image, or every image no container uses, frees (the images page's filters of those names).
 */
export function summarizeLayers(list: LayerList, images: readonly ImageSummary[]): LayerSummary {
  const { layers } = list;
  return {
    unique: heldBy(layers.filter((layer) => layer.images.length === 1)),
    shared: heldBy(layers.filter((layer) => layer.images.length > 1)),
    onlyIn: {
      dangling: onlyIn(images, (image) => image.dangling, layers),
      unused: onlyIn(images, (image) => image.containers === 0, layers),
    },
    layerMetadata: list.layerMetadata,
    measured: list.measured,
    notMeasuredReason: list.notMeasuredReason,
  };
}
