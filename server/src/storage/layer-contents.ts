import { createHash } from 'node:crypto';
import { constants, createReadStream, type Stats } from 'node:fs';
import { access, lstat, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileKind } from '../domain/layer-entry.js';
import { segmentBytes } from '../domain/tree-names.js';
import { tarSplitFile } from './layer-entries.js';
import type { LayerSource } from './layer-index-worker.js';

/*
 * What is inside layers and writable layers, by ID only: the chain ID, cache ID or container ID
 * names the directory, and a path inside it comes from our own index of that layer, never from
 * a request. Only metadata is returned; a file's bytes are read only to hash them.
 */

const hexId = /^(sha256:)?([0-9a-f]{64})$/;
const cacheIdPattern = /^[0-9a-zA-Z_-]+$/;

function hexOf(id: string): string {
  const match = hexId.exec(id);
  if (match === null) throw new Error(`Not a sha256 ID: ${id}`);
  return match[2] as string;
}

export interface WrittenFile {
  kind: FileKind;
  /** Apparent size, as `du -b` counts it; 0 for directories. */
  apparentBytes: number;
}

export class LayerContents {
  constructor(
    readonly dataRoot: string,
    readonly driver: string,
  ) {}

  /**
   * Where to read a layer's entries: its tar-split file, else (overlay2) its directory; or why
   * neither can be read.
   */
  async layerSource(chainId: string): Promise<LayerSource | { unavailable: string }> {
    const layerDir = join(this.dataRoot, 'image', this.driver, 'layerdb', 'sha256', hexOf(chainId));
    const file = join(layerDir, tarSplitFile);
    const missing = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);
    try {
      await access(file, constants.R_OK);
      return { kind: 'tar-split', file };
    } catch (error) {
      if (missing(error) !== 'ENOENT') {
        return { unavailable: `${file} cannot be read (${missing(error)})` };
      }
    }
    const noFile = `the engine kept no file list (${tarSplitFile}) for it`;
    if (this.driver === 'vfs') {
      return {
        unavailable:
          `${noFile}, and the vfs storage driver keeps each layer as a full copy of the file ` +
          'system, not as its changes, so what the layer itself changed cannot be told',
      };
    }
    if (this.driver !== 'overlay2') {
      return {
        unavailable: `${noFile}, and layers of the ${this.driver} storage driver cannot be read here`,
      };
    }
    let cacheId: string;
    try {
      cacheId = (await readFile(join(layerDir, 'cache-id'), 'utf8')).trim();
    } catch (error) {
      return { unavailable: `${noFile}, and its cache-id cannot be read (${missing(error)})` };
    }
    if (!cacheIdPattern.test(cacheId)) return { unavailable: `${noFile}, and its cache-id is odd` };
    const dir = join(this.dataRoot, this.driver, cacheId, 'diff');
    try {
      await access(dir, constants.R_OK | constants.X_OK);
      if (!(await lstat(dir)).isDirectory()) throw new Error('not a directory');
      return { kind: 'directory', dir };
    } catch (error) {
      return {
        unavailable: `${noFile}, and its directory ${dir} cannot be read (${missing(error)})`,
      };
    }
  }

  /**
   * sha256 of one regular file of a layer; null when it is not (or no longer) a plain file.
   * `onBytes` hears of each chunk read.
   */
  async hashFile(
    cacheId: string,
    segments: readonly string[],
    onBytes: (bytes: number) => void = () => {},
  ): Promise<string | null> {
    if (!cacheIdPattern.test(cacheId)) throw new Error(`Not a cache ID: ${cacheId}`);
    const parts = [Buffer.from(join(this.dataRoot, this.driver, cacheId, 'diff'))];
    // Parents must be real directories: a symlink on the way is never followed.
    for (const [index, segment] of segments.entries()) {
      parts.push(Buffer.from('/'), Buffer.from(segmentBytes(segment)));
      if (index === segments.length - 1) break;
      const parent = await lstat(Buffer.concat(parts)).catch(() => null);
      if (parent === null || !parent.isDirectory()) return null;
    }
    const handle = await open(
      Buffer.concat(parts),
      constants.O_RDONLY | constants.O_NOFOLLOW,
    ).catch(() => null);
    if (handle === null) return null;
    try {
      if (!(await handle.stat()).isFile()) return null;
      const hash = createHash('sha256');
      for await (const chunk of createReadStream('', { fd: handle.fd, autoClose: false })) {
        hash.update(chunk as Buffer);
        onBytes((chunk as Buffer).length);
      }
      return `sha256:${hash.digest('hex')}`;
    } finally {
      await handle.close();
    }
  }

  /** The directory name of a container's writable layer (layerdb/mounts/<id>/mount-id). */
  async mountId(containerId: string): Promise<string | null> {
    if (!/^[0-9a-f]{64}$/.test(containerId)) throw new Error(`Not a container ID: ${containerId}`);
    const file = join(
      this.dataRoot,
      'image',
      this.driver,
      'layerdb',
      'mounts',
      containerId,
      'mount-id',
    );
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * One entry of a writable layer (<driver>/<mount-id>/diff), by the path the engine reported
   * for it; null when it is not there. The path is only looked up, never followed.
   */
  async writtenFile(mountId: string, path: string): Promise<WrittenFile | null> {
    if (!cacheIdPattern.test(mountId)) throw new Error(`Not a mount ID: ${mountId}`);
    const segments = path.split('/').filter((part) => part !== '' && part !== '.');
    if (segments.includes('..')) return null;
    let at = join(this.dataRoot, this.driver, mountId, 'diff');
    let stats: Stats | null = null;
    // Each parent must be a real directory: a container may leave a symlink to anywhere.
    for (const [index, segment] of segments.entries()) {
      at = join(at, segment);
      stats = await lstat(at).catch(() => null);
      if (stats === null) return null;
      if (index < segments.length - 1 && !stats.isDirectory()) return null;
    }
    if (stats === null) return null;
    return {
      kind: stats.isDirectory()
        ? 'dir'
        : stats.isSymbolicLink()
          ? 'symlink'
          : stats.isCharacterDevice()
            ? 'char-device'
            : stats.isBlockDevice()
              ? 'block-device'
              : stats.isFIFO()
                ? 'fifo'
                : 'file',
      apparentBytes: stats.isFile() ? stats.size : 0,
    };
  }
}
