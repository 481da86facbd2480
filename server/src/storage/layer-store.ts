import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayerStoreAccess as StoreAndFiles } from './backends/storage-backend.js';
import type { BulkReader } from './bulk-read/bulk-read.js';
import { LayerContents } from './layer-contents.js';

export interface LayerMetadata {
  /** Directory name under <data-root>/<driver>/ holding the layer's files. */
  cacheId: string;
  /** Bytes of the layer diff, as the engine recorded them when it registered the layer. */
  size: number;
}

export interface ImageConfig {
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
}

export type LayerStoreAccess =
  { readable: true; store: LayerStore } | { readable: false; message: string };

function hexOf(id: string): string {
  return id.startsWith('sha256:') ? id.slice(7) : id;
}

/** A layer record's `size` file as a byte count; null when it is gone or not one. */
function recordedSize(text: string | null | undefined): number | null {
  const size = Number(text?.trim() ?? NaN);
  return Number.isSafeInteger(size) ? size : null;
}

/**
 * The engine's own image metadata under <data-root>/image/<driver>/ (graph-driver image store):
 * layerdb/sha256/<chain-id>/{cache-id,size,diff,parent} and imagedb/content/sha256/<image-id>.
 */
export class LayerStore {
  // Joined once: the paths below are these plus a digest's hex (a path.join for each of 15,000
  // files at start-up made as much garbage as reading them).
  readonly #layerdb: string;
  readonly #configs: string;
  readonly #metadata: string;

  constructor(
    readonly dataRoot: string,
    readonly driver: string,
    readonly reader: BulkReader,
  ) {
    const imageDir = join(dataRoot, 'image', driver);
    this.#layerdb = join(imageDir, 'layerdb', 'sha256');
    this.#configs = join(imageDir, 'imagedb', 'content', 'sha256');
    this.#metadata = join(imageDir, 'imagedb', 'metadata', 'sha256');
  }

  layerDir(chainId: string): string {
    return `${this.#layerdb}/${hexOf(chainId)}`;
  }

  /** Null when the chain is not (or no longer) registered. */
  async readLayer(chainId: string): Promise<LayerMetadata | null> {
    const dir = this.layerDir(chainId);
    try {
      const [cacheId, size] = await Promise.all([
        readFile(join(dir, 'cache-id'), 'utf8'),
        readFile(join(dir, 'size'), 'utf8'),
      ]);
      return { cacheId: cacheId.trim(), size: Number(size.trim()) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * Many chains' metadata in one batch (bulk-read.ts), in order; null for a chain that is not
   * registered (any more) or whose records cannot be read.
   */
  async readLayers(chainIds: readonly string[]): Promise<(LayerMetadata | null)[]> {
    const texts = await this.reader.readSmallFiles(
      chainIds.flatMap((id) => {
        const dir = this.layerDir(id);
        return [`${dir}/cache-id`, `${dir}/size`];
      }),
    );
    return chainIds.map((_, index) => {
      const cacheId = texts[2 * index]?.trim();
      const size = recordedSize(texts[2 * index + 1]);
      return cacheId && size !== null ? { cacheId, size } : null;
    });
  }

  /**
   * Many chains' recorded diff sizes in one batch (bulk-read.ts), in order; null for a chain
   * that is not registered (any more) or whose record is not a size.
   */
  async readDiffSizes(chainIds: readonly string[]): Promise<(number | null)[]> {
    const texts = await this.reader.readSmallFiles(
      chainIds.map((id) => `${this.layerDir(id)}/size`),
    );
    return texts.map(recordedSize);
  }

  #configFile(imageId: string): string {
    return `${this.#configs}/${hexOf(imageId)}`;
  }

  /** Many images' configs in one batch, in order; null for one that is gone or not JSON. */
  async readImageConfigs(imageIds: readonly string[]): Promise<(ImageConfig | null)[]> {
    const texts = await this.reader.readSmallFiles(imageIds.map((id) => this.#configFile(id)));
    return texts.map((text) => {
      if (text === null) return null;
      try {
        return JSON.parse(text) as ImageConfig;
      } catch {
        return null;
      }
    });
  }

  /**
   * Many images' last tag time, in order: the file image inspect's Metadata.LastTagTime is read
   * from (imagedb/metadata/sha256/<id>/lastUpdated, RFC 3339), as ISO; null where there is none
   * (never tagged here, which inspect gives as Go's zero time) or it is not a time.
   */
  async readLastTagTimes(imageIds: readonly string[]): Promise<(string | null)[]> {
    const texts = await this.reader.readSmallFiles(
      imageIds.map((id) => `${this.#metadata}/${hexOf(id)}/lastUpdated`),
    );
    return texts.map((text) => {
      const time = text === null ? NaN : Date.parse(text.trim());
      return Number.isNaN(time) ? null : new Date(time).toISOString();
    });
  }

  async readImageConfig(imageId: string): Promise<ImageConfig | null> {
    const file = this.#configFile(imageId);
    try {
      return JSON.parse(await readFile(file, 'utf8')) as ImageConfig;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

export interface StorageLocation {
  dataRoot: string;
  driver: string;
  containerdSnapshotter: boolean;
}

/** Opens the layer store when this process can read it, or says why not and what to change. */
export async function openLayerStore(
  location: StorageLocation,
  reader: BulkReader,
): Promise<LayerStoreAccess> {
  const { dataRoot, driver } = location;
  if (location.containerdSnapshotter) {
    return {
      readable: false,
      message:
        'The engine uses the containerd image store: layers live in containerd snapshots, not in ' +
        `${dataRoot}/image/${driver}/layerdb, so layer directories cannot be named.`,
    };
  }
  const store = new LayerStore(dataRoot, driver, reader);
  const layerdb = join(dataRoot, 'image', driver, 'layerdb');
  try {
    await access(layerdb, constants.R_OK | constants.X_OK);
    return { readable: true, store };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      readable: false,
      message:
        code === 'ENOENT'
          ? `${layerdb} does not exist here. If the dashboard runs in a container or on another ` +
            'host, mount the engine’s data root and set DOCKER_DATA_ROOT to where it is mounted.'
          : `${layerdb} is not readable by this process (${code}). Run the dashboard as root ` +
            'or as a user who can read the data root, or mount it read-only into its container.',
    };
  }
}

/**
 * The graph driver's layer store with what is inside its layers (layer-contents.ts): what every
 * graph driver keeps alike (overlay2, and vfs, btrfs, zfs, whose disk is not measured but whose
 * layers the explorer still reads from their tar-split files).
 */
export async function openGraphDriverStore(
  location: StorageLocation,
  reader: BulkReader,
): Promise<StoreAndFiles> {
  const access = await openLayerStore(location, reader);
  if (!access.readable) return access;
  return { ...access, files: new LayerContents(location.dataRoot, location.driver) };
}
