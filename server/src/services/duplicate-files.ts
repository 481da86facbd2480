import pMap from 'p-map';
import type { Searchable } from '../domain/duplicate-pages.js';
import { kindCode, type PackedLayer } from '../domain/packed-layer.js';
import { displayPathOf } from '../domain/tree-names.js';
import type { LayerIndex, ResolvedImage } from './layer-index.js';

/*
 * Identical files across all images: same size, then same sha256. Only files whose size
 * another copy shares are hashed. Hashing can read gigabytes: it streams (other requests go on
 * meanwhile), a few files at a time, and reports progress as `explorer-progress` events.
 */

/** Each chain once (a layer two images share is stored once), with the images holding it. */
export interface ChainHolding {
  image: ResolvedImage;
  position: number;
  holders: Set<string>;
}

export interface FileCopy {
  chainId: string;
  path: string;
  displayPath: string;
}

export interface FileGroup extends Searchable {
  sha256: string;
  apparentBytes: number;
  savableBytes: number;
  copies: FileCopy[];
}

export interface FileGroups {
  minBytes: number;
  groups: FileGroup[];
  hashedFiles: number;
  savableBytes: number;
  /** When they were worked out. */
  computedAt: string;
}

interface Candidate {
  chainId: string;
  cacheId: string;
  image: ResolvedImage;
  path: string[];
  bytes: number;
}

const hashConcurrency = 4;

export class FileHasher {
  /** sha256 per "<cache-id>/<path>": layers never change, so a hash never goes stale. */
  readonly #hashes = new Map<string, string | null>();

  constructor(readonly index: LayerIndex) {}

  async group(chains: ReadonlyMap<string, ChainHolding>, minBytes: number): Promise<FileGroups> {
    const bySize = new Map<number, Candidate[]>();
    for (const [chainId, { image, position }] of chains) {
      const metadata = await image.store.readLayer(chainId);
      if (metadata === null) continue;
      const packed = await this.index.layer(image, position);
      await eachFile(packed, minBytes, (path, bytes) => {
        const list = bySize.get(bytes) ?? [];
        list.push({ chainId, cacheId: metadata.cacheId, image, path, bytes });
        bySize.set(bytes, list);
      });
    }

    const toHash = [...bySize.values()].filter((list) => list.length > 1).flat();
    const progress = this.#progress(minBytes, toHash);
    const byHash = new Map<string, Candidate[]>();
    try {
      await pMap(
        toHash,
        async (candidate) => {
          const key = `${candidate.cacheId}/${candidate.path.join('/')}`;
          let hash = this.#hashes.get(key);
          if (hash === undefined) {
            hash = await candidate.image.contents.hashFile(
              candidate.cacheId,
              candidate.path,
              progress.bytes,
            );
            this.#hashes.set(key, hash);
          } else progress.bytes(candidate.bytes);
          progress.file();
          if (hash === null) return;
          const group = byHash.get(`${candidate.bytes}:${hash}`) ?? [];
          group.push(candidate);
          byHash.set(`${candidate.bytes}:${hash}`, group);
        },
        { concurrency: hashConcurrency },
      );
      progress.end('done', null);
    } catch (error) {
      progress.end('failed', (error as Error).message);
      throw error;
    }

    const groups: FileGroup[] = [...byHash]
      .filter(([, found]) => found.length > 1)
      .map(([key, found]) => {
        const bytes = (found[0] as Candidate).bytes;
        // Hashing finishes in any order, and the chains come in the engine's image order:
        // copies by path, then chain ID, read the same on every load.
        const copies = found
          .map((copy) => ({
            chainId: copy.chainId,
            path: `/${copy.path.join('/')}`,
            displayPath: displayPathOf(copy.path),
          }))
          .sort((a, b) => compare(a.path, b.path) || compare(a.chainId, b.chainId));
        return {
          sha256: key.slice(key.indexOf(':') + 1),
          apparentBytes: bytes,
          savableBytes: bytes * (copies.length - 1),
          copies,
          text: copies.map((copy) => copy.displayPath.toLowerCase()).join('\n'),
          chainIds: [...new Set(copies.map((copy) => copy.chainId))],
        };
      })
      .sort((a, b) => b.savableBytes - a.savableBytes || compare(a.sha256, b.sha256));
    return {
      minBytes,
      groups,
      hashedFiles: toHash.length,
      savableBytes: groups.reduce((sum, group) => sum + group.savableBytes, 0),
      computedAt: new Date().toISOString(),
    };
  }

  /** Progress events: a few per second once hashing has run for a moment, then done. */
  #progress(minBytes: number, toHash: readonly Candidate[]) {
    const publish = this.index.options.publish;
    const delay = this.index.options.progressDelayMs ?? 300;
    const started = Date.now();
    const bytesTotal = toHash.reduce((sum, candidate) => sum + candidate.bytes, 0);
    let files = 0;
    let bytes = 0;
    let lastSent = 0;
    let sent = false;
    const send = (phase: 'running' | 'done' | 'failed', message: string | null) => {
      sent = true;
      lastSent = Date.now();
      publish?.({
        type: 'explorer-progress',
        task: 'duplicates',
        taskId: `duplicates:${minBytes}`,
        imageId: null,
        layer: null,
        phase,
        itemsDone: files,
        itemsTotal: toHash.length,
        bytesDone: Math.min(bytes, bytesTotal),
        bytesTotal,
        message,
      });
    };
    const tick = () => {
      const now = Date.now();
      if (now - started >= delay && now - lastSent >= 250) send('running', null);
    };
    return {
      bytes: (count: number) => {
        bytes += count;
        tick();
      },
      file: () => {
        files++;
        tick();
      },
      end: (phase: 'done' | 'failed', message: string | null) => {
        if (sent || delay === 0) send(phase, message);
      },
    };
  }
}

/** Code-point order: the same in every locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every regular file of a layer at least `minBytes` long, giving the event loop turns. */
async function eachFile(
  packed: PackedLayer,
  minBytes: number,
  onFile: (path: string[], bytes: number) => void,
): Promise<void> {
  const stack: { node: number; path: string[] }[] = [{ node: 0, path: [] }];
  let visited = 0;
  while (stack.length > 0) {
    const { node: dir, path } = stack.pop() as { node: number; path: string[] };
    const first = packed.firstChild(dir);
    for (let node = first; node < first + packed.childCount(dir); node++) {
      if (packed.isDeleted(node)) continue;
      if (packed.isDir(node)) stack.push({ node, path: [...path, packed.name(node)] });
      else if (packed.columns.kind[node] === kindCode.file) {
        const bytes = packed.f64('bytes', node);
        if (bytes >= minBytes) onFile([...path, packed.name(node)], bytes);
      }
    }
    visited += packed.childCount(dir);
    if (visited > 65_536) {
      visited = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
