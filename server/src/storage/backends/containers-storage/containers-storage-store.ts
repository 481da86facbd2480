import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LayerContents } from '../../layer-contents.js';
import type { LayerSource } from '../../layer-index-worker.js';
import type {
  ImageConfig,
  LayerFiles,
  LayerStoreReader,
  LayerStoreRecord,
  WrittenFile,
} from '../storage-backend.js';
import { type ContainersStorage, readContainersStorage } from './storage-files.js';

/*
 * containers/storage's records as the layer store the inventory, layer catalog, explorer and
 * prune snapshot read (storage-backend.ts LayerStoreReader), and what is inside its layers
 * (LayerFiles). A layer's directory is `<graphroot>/<driver>/<id>` with its files in diff/, as
 * overlay2's `<data-root>/overlay2/<cache-id>/diff`: the same reads serve both (layer-contents.ts).
 * The records are small JSON files read again only when one of them changed.
 */

const hexId = /^(?:sha256:)?([0-9a-f]{64})$/;

/** containers/storage names a big-data file "=" + base64 of its key (images.go, store.go). */
function bigDataFile(graphRoot: string, driver: string, imageHex: string, key: string): string {
  return join(graphRoot, `${driver}-images`, imageHex, `=${Buffer.from(key).toString('base64')}`);
}

export class ContainersStorageStore implements LayerStoreReader, LayerFiles {
  readonly #contents: LayerContents;
  #read: { key: string; storage: Promise<ContainersStorage> } | null = null;

  constructor(
    readonly dataRoot: string,
    readonly driver: string,
  ) {
    // <graphroot>/<driver>/<id>/diff: what LayerContents reads for <data-root>/<driver>/<cache-id>.
    this.#contents = new LayerContents(dataRoot, driver);
  }

  /** The records, read again when layers.json, images.json or containers.json changed. */
  async storage(): Promise<ContainersStorage> {
    const files = [
      ['layers', 'layers.json'],
      ['layers', 'volatile-layers.json'],
      ['images', 'images.json'],
      ['containers', 'containers.json'],
    ].map(([dir, name]) => join(this.dataRoot, `${this.driver}-${dir}`, name as string));
    const stamps = await Promise.all(
      files.map((file) =>
        stat(file, { bigint: true }).then(
          (stats) => `${stats.ino}:${stats.size}:${stats.mtimeNs}`,
          () => '-',
        ),
      ),
    );
    const key = stamps.join('|');
    if (this.#read?.key !== key) {
      const storage = readContainersStorage(this.dataRoot, this.driver);
      this.#read = { key, storage };
      storage.catch(() => {
        if (this.#read?.storage === storage) this.#read = null;
      });
    }
    return this.#read.storage;
  }

  async readLayer(chainId: string): Promise<LayerStoreRecord | null> {
    return (await this.readLayers([chainId]))[0] ?? null;
  }

  async readLayers(chainIds: readonly string[]): Promise<(LayerStoreRecord | null)[]> {
    const storage = await this.storage();
    const byId = new Map(storage.layers.map((layer) => [layer.id, layer]));
    return chainIds.map((chainId) => {
      const id = storage.map.layerOfChain.get(chainId);
      const size = id === undefined ? null : (byId.get(id)?.diffSize ?? null);
      return id === undefined || size === null ? null : { cacheId: id, size };
    });
  }

  /** diff-size of each chain's layer record: the figure Podman reports for the layer. */
  async readDiffSizes(chainIds: readonly string[]): Promise<(number | null)[]> {
    return (await this.readLayers(chainIds)).map((record) => record?.size ?? null);
  }

  async readImageConfig(imageId: string): Promise<ImageConfig | null> {
    return (await this.readImageConfigs([imageId]))[0] ?? null;
  }

  /** The config is the image's big data named by its own ID ("sha256:<hex>"). */
  async readImageConfigs(imageIds: readonly string[]): Promise<(ImageConfig | null)[]> {
    return Promise.all(
      imageIds.map(async (imageId) => {
        const hex = hexId.exec(imageId)?.[1];
        if (hex === undefined) return null;
        try {
          const text = await readFile(
            bigDataFile(this.dataRoot, this.driver, hex, `sha256:${hex}`),
            'utf8',
          );
          return JSON.parse(text) as ImageConfig;
        } catch {
          return null;
        }
      }),
    );
  }

  /** containers/storage keeps no tag time (Podman's inspect gives Go's zero time). */
  readLastTagTimes(imageIds: readonly string[]): Promise<(string | null)[]> {
    return Promise.resolve(imageIds.map(() => null));
  }

  /** The layer's tar-split file (the same format as Docker's), else its diff/ directory. */
  async layerSource(chainId: string): Promise<LayerSource | { unavailable: string }> {
    const storage = await this.storage();
    const id = storage.map.layerOfChain.get(chainId);
    if (id === undefined) return { unavailable: `no layer record of ${chainId}` };
    const file = join(this.dataRoot, `${this.driver}-layers`, `${id}.tar-split.gz`);
    try {
      await access(file, constants.R_OK);
      return { kind: 'tar-split', file };
    } catch {
      const dir = this.layerPath(id, 'diff');
      try {
        await access(dir, constants.R_OK | constants.X_OK);
        return { kind: 'directory', dir };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        return { unavailable: `neither ${file} nor ${dir} can be read (${code})` };
      }
    }
  }

  layerPath(id: string, ...rest: string[]): string {
    return join(this.dataRoot, this.driver, id, ...rest);
  }

  hashFile(
    cacheId: string,
    segments: readonly string[],
    onBytes?: (bytes: number) => void,
  ): Promise<string | null> {
    return this.#contents.hashFile(cacheId, segments, onBytes);
  }

  /** The container's writable layer: its record's "layer" in containers.json. */
  async mountId(containerId: string): Promise<string | null> {
    if (!/^[0-9a-f]{64}$/.test(containerId)) throw new Error(`Not a container ID: ${containerId}`);
    const storage = await this.storage();
    return storage.containers.find((container) => container.id === containerId)?.layer ?? null;
  }

  writtenFile(mountId: string, path: string): Promise<WrittenFile | null> {
    return this.#contents.writtenFile(mountId, path);
  }
}
