import { chainIds } from './layers.js';

/*
 * What a pull will download, worked out before it runs. The engine (moby distribution/xfer,
 * download.go) walks the manifest's layers bottom up and, until the first layer it must fetch,
 * asks two things of each: which diff this compressed digest unpacks to (its diffid-by-digest
 * record, written when it pulled or pushed that blob) and whether the chain of that diff on
 * the layers below is in its layer store. Both yes: "Already exists". Otherwise that layer and
 * every layer above it are downloaded, whatever the layer store holds. So reuse is a prefix of
 * the chain: the same diff on another base is a different chain and is downloaded.
 */

export interface ManifestLayer {
  digest: string;
  mediaType: string;
  /** The descriptor's size: the compressed bytes the registry sends. */
  compressedBytes: number;
}

export interface LocalImageChain {
  id: string;
  /** The name `docker images` shows first; null for an untagged image. */
  name: string | null;
  diffIds: readonly string[];
}

export interface PullPlanInput {
  layers: readonly ManifestLayer[];
  /** The config's rootfs.diff_ids, bottom first: one per layer. */
  diffIds: readonly string[];
  localImages: readonly LocalImageChain[];
  /**
   * The engine's diffid-by-digest records for these layers' digests (compressed digest -> diff
   * ID); null when they could not be read, so whether a local layer is fetched again is not known.
   */
  digestRecords: ReadonlyMap<string, string> | null;
  /** gzip ISIZE per digest (uncompressed size mod 2^32), for the layers that were asked. */
  uncompressedEstimates: ReadonlyMap<string, number>;
}

export interface PlannedLayer extends ManifestLayer {
  diffId: string;
  chainId: string;
  /** The whole chain up to this layer is in the engine's layer store. */
  local: boolean;
  /** null: not known (digest records unreadable). */
  engineKnowsDigest: boolean | null;
  willDownload: boolean;
  uncompressedBytesEstimate: number | null;
}

export interface PullPlan {
  layers: PlannedLayer[];
  downloadBytes: number;
  downloadLayers: number;
  reusedLayers: number;
  /** Local layers that are downloaded again (no digest record, or above one that is). */
  downloadedAgainBytes: number;
  downloadExact: boolean;
  sharedBaseWith: { id: string; name: string | null; sharedLayers: number }[];
  /** Sum of the ISIZE estimates of layers not local; null when none could be had. */
  estimatedDiskBytes: { bytes: number; estimatedLayers: number; newLayers: number } | null;
}

export class PullPlanError extends Error {}

/** The longest common prefix of two chains: how many bottom layers two images share. */
export function commonChainPrefix(a: readonly string[], b: readonly string[]): number {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared += 1;
  return shared;
}

export function planPull(input: PullPlanInput): PullPlan {
  if (input.layers.length !== input.diffIds.length) {
    throw new PullPlanError(
      `The manifest lists ${input.layers.length} layers but the image config ` +
        `${input.diffIds.length} diff IDs: the registry serves an inconsistent image.`,
    );
  }
  const chain = chainIds(input.diffIds);
  const localChains = new Set<string>();
  for (const image of input.localImages)
    for (const id of chainIds(image.diffIds)) localChains.add(id);

  let missing = false;
  const layers = input.layers.map((layer, index): PlannedLayer => {
    const diffId = input.diffIds[index] as string;
    const chainId = chain[index] as string;
    const local = localChains.has(chainId);
    const record = input.digestRecords?.get(layer.digest);
    const engineKnowsDigest = input.digestRecords === null ? null : record === diffId;
    // Not known counts as reused: the prefix the engine would reuse if its records agree.
    if (!missing && (!local || engineKnowsDigest === false)) missing = true;
    return {
      ...layer,
      diffId,
      chainId,
      local,
      engineKnowsDigest,
      willDownload: missing,
      uncompressedBytesEstimate: local
        ? null
        : (input.uncompressedEstimates.get(layer.digest) ?? null),
    };
  });

  const downloading = layers.filter((layer) => layer.willDownload);
  const newLayers = layers.filter((layer) => !layer.local);
  const estimated = newLayers.filter((layer) => layer.uncompressedBytesEstimate !== null);
  return {
    layers,
    downloadBytes: sum(downloading.map((layer) => layer.compressedBytes)),
    downloadLayers: downloading.length,
    reusedLayers: layers.length - downloading.length,
    downloadedAgainBytes: sum(
      downloading.filter((layer) => layer.local).map((layer) => layer.compressedBytes),
    ),
    downloadExact: !layers.some((layer) => !layer.willDownload && layer.engineKnowsDigest === null),
    sharedBaseWith: sharedBases(chain, input.localImages),
    estimatedDiskBytes:
      newLayers.length === 0
        ? { bytes: 0, estimatedLayers: 0, newLayers: 0 }
        : estimated.length === 0
          ? null
          : {
              bytes: sum(estimated.map((layer) => layer.uncompressedBytesEstimate ?? 0)),
              estimatedLayers: estimated.length,
              newLayers: newLayers.length,
            },
  };
}

function sharedBases(chain: readonly string[], images: readonly LocalImageChain[]) {
  return images
    .map((image) => ({
      id: image.id,
      name: image.name,
      sharedLayers: commonChainPrefix(chain, chainIds(image.diffIds)),
    }))
    .filter((image) => image.sharedLayers > 0)
    .sort((a, b) => b.sharedLayers - a.sharedLayers || (a.name ?? '').localeCompare(b.name ?? ''))
    .slice(0, 50);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
