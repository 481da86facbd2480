/** Plain data the domain works on: what the engine (and the data root) know, in our own words. */

export interface EngineImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** ISO 8601. */
  created: string;
  containers: number;
  /** Bytes of all the image's layers (engine). */
  size: number;
  /** Bytes of the image's layers that other images also use (engine, always computed by df). */
  sharedSize: number;
}

export interface EngineContainer {
  id: string;
  /** Without the leading "/" the API keeps. */
  names: string[];
  /** The image as the container was created from it (a reference or an ID). */
  image: string;
  imageId: string;
  state: string;
  /** Bytes in the writable layer (engine); null when the engine could not compute it. */
  sizeRw: number | null;
}

export interface EngineVolume {
  name: string;
  /** Bytes (engine); -1 when the volume driver does not report a size. */
  size: number;
  refCount: number;
}

export interface BuildCacheRecord {
  id: string;
  inUse: boolean;
  shared: boolean;
  size: number;
}

export interface DiskUsageSnapshot {
  /** Bytes of every image layer, each counted once (engine). */
  layersSize: number;
  images: EngineImage[];
  containers: EngineContainer[];
  volumes: EngineVolume[];
  buildCache: BuildCacheRecord[];
}

export interface ImageLayers {
  id: string;
  /** Diff IDs, bottom first, from the image config's rootfs. */
  diffIds: readonly string[];
}
