import { chainIds } from '../../../domain/layers.js';

/*
 * containers/storage's own records (the library under Podman, Buildah and CRI-O), parsed from
 * the JSON files of its graphroot: `<driver>-layers/layers.json` (and volatile-layers.json,
 * which newer versions keep for layers that need not survive a crash; Podman 4.3 wrote none),
 * `<driver>-images/images.json` and `<driver>-containers/containers.json`. Plain data in, plain
 * data out: storage-files.ts reads the files. Field names as containers/storage writes them
 * (layers.go, images.go, containers.go); anything else in a record is ignored.
 */

/** One layer record: a directory `<driver>/<id>` of the graphroot. */
export interface StorageLayer {
  id: string;
  /** The layer below; null for a bottom layer. */
  parent: string | null;
  /** Other names the layer goes by (rarely set). */
  names: string[];
  /** sha256 of the uncompressed diff ("diff-digest"): the image's diff ID; null for a container's layer. */
  diffDigest: string | null;
  /** Bytes of the uncompressed diff as containers/storage recorded them ("diff-size"): Podman's figure. */
  diffSize: number | null;
  /** Bytes of the compressed blob it was applied from ("compressed-size"). */
  compressedSize: number | null;
  compressedDigest: string | null;
  /** From volatile-layers.json: not written through to disk at once. */
  volatile: boolean;
  /** When it was made (ISO); null when not recorded. */
  created: string | null;
  /**
   * Still being written ("flags": {"incomplete": true}): containers/storage records a layer
   * with this flag before it makes the directory and applies the diff, and clears it once the
   * diff is in (layers.go, create). A process that died meanwhile leaves it set; the next one
   * that opens the store for writing removes the layer.
   */
  incomplete: boolean;
}

/** One image record: its top layer, and layers mapped for other ID maps. */
export interface StorageImage {
  id: string;
  /** Full names ("localhost/app:1"); empty for a dangling image. */
  names: string[];
  /** The image's top layer ("layer"); null for an image without layers. */
  topLayer: string | null;
  /** Copies of the top layer made for other user namespace mappings ("mapped-layers"). */
  mappedLayers: string[];
  /** The manifest digest ("digest"); null when none is recorded. */
  digest: string | null;
  /** Bytes of each stored blob (config, manifest, signatures): "big-data-sizes". */
  bigDataSizes: Record<string, number>;
}

/** One container record: its writable layer on top of its image's. */
export interface StorageContainer {
  id: string;
  names: string[];
  /** The image it was made from ("image"), bare hex. */
  image: string;
  /** Its writable layer ("layer"). */
  layer: string;
}

type Json = Record<string, unknown>;

/** A list of records, or a clear error naming the file for anything else. */
function records(text: string, file: string): Json[] {
  // containers/storage writes an empty file for an empty store on some paths.
  if (text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) throw new Error(`${file} is not a list of records.`);
  return parsed.filter(
    (item): item is Json =>
      typeof item === 'object' && item !== null && typeof item.id === 'string',
  );
}

const str = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const isFlagSet = (flags: unknown, name: string): boolean =>
  typeof flags === 'object' && flags !== null && (flags as Json)[name] === true;

export function parseLayers(text: string, file: string, volatile = false): StorageLayer[] {
  return records(text, file).map((raw) => ({
    id: raw.id as string,
    parent: str(raw.parent),
    names: strings(raw.names),
    diffDigest: str(raw['diff-digest']),
    diffSize: num(raw['diff-size']),
    compressedSize: num(raw['compressed-size']),
    compressedDigest: str(raw['compressed-diff-digest']),
    volatile,
    created: str(raw.created),
    incomplete: isFlagSet(raw.flags, 'incomplete'),
  }));
}

export function parseImages(text: string, file: string): StorageImage[] {
  return records(text, file).map((raw) => {
    const sizes: Record<string, number> = {};
    const rawSizes = raw['big-data-sizes'];
    if (typeof rawSizes === 'object' && rawSizes !== null) {
      for (const [name, size] of Object.entries(rawSizes)) {
        const bytes = num(size);
        if (bytes !== null) sizes[name] = bytes;
      }
    }
    return {
      id: raw.id as string,
      names: strings(raw.names),
      topLayer: str(raw.layer),
      mappedLayers: strings(raw['mapped-layers']),
      digest: str(raw.digest),
      bigDataSizes: sizes,
    };
  });
}

export function parseContainers(text: string, file: string): StorageContainer[] {
  return records(text, file).flatMap((raw) => {
    const layer = str(raw.layer);
    return layer === null
      ? []
      : [{ id: raw.id as string, names: strings(raw.names), image: str(raw.image) ?? '', layer }];
  });
}

/**
 * A layer and the layers under it, bottom first, following `parent`. Stops at a parent with no
 * record (an inconsistent store) or a loop, so a damaged file cannot hang a scan.
 */
export function layerStack(
  topLayer: string,
  byId: ReadonlyMap<string, StorageLayer>,
): StorageLayer[] {
  const stack: StorageLayer[] = [];
  const seen = new Set<string>();
  let at: string | null = topLayer;
  while (at !== null && !seen.has(at)) {
    seen.add(at);
    const layer = byId.get(at);
    if (layer === undefined) break;
    stack.push(layer);
    at = layer.parent;
  }
  return stack.reverse();
}

/** What the records say of each layer directory: whose it is, and the layer's chain ID. */
export interface StorageMap {
  /** Image IDs ("sha256:<hex>") whose stack holds the layer, by layer ID. */
  imagesOfLayer: Map<string, string[]>;
  /** The container whose writable layer it is, by layer ID. */
  containerOfLayer: Map<string, string>;
  /**
   * The layer's chain ID (OCI: from the diff digests of its stack, bottom first), the name the
   * API's layers go by; only for layers whose whole stack has diff digests (image layers).
   */
  chainOfLayer: Map<string, string>;
  /** The layer directory of each chain ID (the inverse of chainOfLayer). */
  layerOfChain: Map<string, string>;
  /** Each image's layer IDs, bottom first, by image ID ("sha256:<hex>"). */
  layersOfImage: Map<string, string[]>;
}

export function mapStorage(
  layers: readonly StorageLayer[],
  images: readonly StorageImage[],
  containers: readonly StorageContainer[],
): StorageMap {
  const byId = new Map(layers.map((layer) => [layer.id, layer]));
  const map: StorageMap = {
    imagesOfLayer: new Map(),
    containerOfLayer: new Map(),
    chainOfLayer: new Map(),
    layerOfChain: new Map(),
    layersOfImage: new Map(),
  };
  for (const layer of layers) {
    const stack = layerStack(layer.id, byId);
    const digests = stack.map((below) => below.diffDigest);
    // A stack cut short (a parent without a record) or a layer without a digest has no chain.
    if (stack[0]?.parent !== null || digests.some((digest) => digest === null)) continue;
    const chain = chainIds(digests as string[]).at(-1);
    if (chain === undefined) continue;
    map.chainOfLayer.set(layer.id, chain);
    // Two records for one chain (a mapped copy): the first one listed keeps the name.
    if (!map.layerOfChain.has(chain)) map.layerOfChain.set(chain, layer.id);
  }
  for (const image of images) {
    const imageId = `sha256:${image.id}`;
    const tops = [image.topLayer, ...image.mappedLayers].filter((id): id is string => id !== null);
    const stack = image.topLayer === null ? [] : layerStack(image.topLayer, byId);
    map.layersOfImage.set(
      imageId,
      stack.map((layer) => layer.id),
    );
    const held = new Set(tops.flatMap((top) => layerStack(top, byId).map((layer) => layer.id)));
    for (const layerId of held) {
      const holders = map.imagesOfLayer.get(layerId);
      if (holders === undefined) map.imagesOfLayer.set(layerId, [imageId]);
      else holders.push(imageId);
    }
  }
  for (const container of containers) map.containerOfLayer.set(container.layer, container.id);
  return map;
}

/**
 * The directories of the layer root that no layer record names: left by a crash or an
 * interrupted pull or removal. `l` holds the short links every layer has, not a layer.
 */
export function orphanLayerDirectories(
  directoryNames: readonly string[],
  layers: readonly StorageLayer[],
): string[] {
  const known = new Set(layers.map((layer) => layer.id));
  return directoryNames.filter((name) => name !== 'l' && !known.has(name));
}
