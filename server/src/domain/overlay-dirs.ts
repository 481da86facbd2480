import type { DataRootPartKind } from '@footprint/shared';

/** Who references the directories of overlay2/, from the engine's and BuildKit's metadata. */
export interface OverlayReferences {
  /** cache-id of every layer in image/overlay2/layerdb/sha256/<chain-id>/. */
  imageLayers: ReadonlySet<string>;
  /** mount-id of every container (layerdb/mounts/<container-id>/mount-id). */
  containerLayers: ReadonlySet<string>;
  /** init-id of every container (layerdb/mounts/<container-id>/init-id). */
  initLayers: ReadonlySet<string>;
  /** Names found in BuildKit's snapshot databases (buildkit/*.db). */
  buildCache: ReadonlySet<string>;
  /**
   * Image layer directories the engine is still writing (containers/storage records a layer
   * before it applies the diff): measured with the image layers, but never kept as a finished
   * layer's figures. Absent: the engine records a layer only once it is written (Docker's
   * layerdb).
   */
  unfinishedLayers?: ReadonlySet<string>;
}

export type OverlayDirKind = Extract<
  DataRootPartKind,
  | 'image-layers'
  | 'container-layers'
  | 'container-init-layers'
  | 'build-cache-layers'
  | 'orphan-layers'
>;

/**
 * What a directory of overlay2/ is. An orphan is referenced by nothing: no layer (cache-id), no
 * container (mount-id, init-id) and no BuildKit snapshot. BuildKit keeps its cache snapshots in
 * overlay2/ too, known only to its own databases; without that check a build cache would be
 * called an orphan, and deleting it would corrupt BuildKit's state.
 */
export function classifyOverlayDir(name: string, refs: OverlayReferences): OverlayDirKind {
  if (refs.imageLayers.has(name)) return 'image-layers';
  if (refs.containerLayers.has(name)) return 'container-layers';
  if (refs.initLayers.has(name)) return 'container-init-layers';
  if (refs.buildCache.has(name)) return 'build-cache-layers';
  return 'orphan-layers';
}

export const orphanAdvice =
  'Nothing references these directories: no image layer, no container and no BuildKit ' +
  'snapshot. They are usually left by an engine crash or an interrupted pull, load or removal. ' +
  'A pull, load or build in progress also creates directories that are referenced only when it ' +
  'finishes: scan again once the engine is idle. `docker system prune` does not remove ' +
  'orphans. To reclaim the space safely: stop the engine (systemctl stop docker docker.socket), ' +
  'check that no file under image/overlay2/layerdb names the directory (grep -r <name> ' +
  '<data-root>/image/overlay2/layerdb), move it out of overlay2/ rather than deleting it, start ' +
  'the engine, check that every image and container still works, then delete what you moved. ' +
  'This dashboard never deletes them.';
