import type { Searchable } from '../domain/duplicate-pages.js';
import { displayPathOf } from '../domain/tree-names.js';
import { ConflictError } from '../errors.js';
import {
  fileGroupsKey,
  type KeptCopy,
  type KeptFileGroups,
  loadFileGroups,
  saveFileGroups,
} from '../storage/duplicate-files-file.js';
import { DuplicateSearchError, findDuplicateFiles } from '../storage/duplicate-files-pool.js';
import type { DuplicateCounters } from '../storage/duplicate-files-worker.js';
import type { LayerIndex, ResolvedImage } from './layer-index.js';

/*
 * Identical files across all images: same size, then same sha256. Only files whose size
 * another copy shares are hashed, and of those only the first 4 KB unless another file shares
 * that too. At 5,000 layers and a million files that is every layer's file list read and
 * hundreds of thousands of files opened: worker threads do it (their memory goes when they end;
 * an index of every layer kept in the server was most of its peak memory), with progress as
 * `explorer-progress` events, and the groups are kept in the state dir per set of layers.
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

export class FileHasher {
  constructor(readonly index: LayerIndex) {}

  /**
   * The groups of this set of layers: kept in the state dir (layers never change), else worked
   * out by worker threads (storage/duplicate-files-pool.ts) and kept there.
   */
  async group(chains: ReadonlyMap<string, ChainHolding>, minBytes: number): Promise<FileGroups> {
    const stateDir = this.index.options.stateDir ?? null;
    const key = fileGroupsKey(minBytes, chains.keys());
    const kept = stateDir === null ? null : await loadFileGroups(stateDir, key);
    if (kept !== null && kept.minBytes === minBytes) return groupsOf(kept);
    const found = groupsOf(await this.#find(chains, minBytes));
    if (stateDir !== null) {
      const { groups, ...rest } = found;
      const file: KeptFileGroups = {
        ...rest,
        groups: groups.map((group) => ({
          sha256: group.sha256,
          apparentBytes: group.apparentBytes,
          copies: group.copies.map((copy) => ({ chainId: copy.chainId, path: copy.path.slice(1) })),
        })),
      };
      await saveFileGroups(stateDir, key, file).catch((error: Error) =>
        this.index.options.warn?.(`Could not keep the identical files found: ${error.message}`),
      );
    }
    return found;
  }

  async #find(chains: ReadonlyMap<string, ChainHolding>, minBytes: number) {
    const first = chains.values().next();
    const computedAt = () => new Date().toISOString();
    if (first.done === true)
      return { minBytes, hashedFiles: 0, computedAt: computedAt(), groups: [] };
    const { store } = first.value.image;
    const ids = [...chains.keys()];
    const metadata = await store.readLayers(ids);
    // A layer removed while we looked is left out, as it is from the image set's next answer.
    const layers = ids.flatMap((chainId, at) => {
      const cacheId = metadata[at]?.cacheId;
      return cacheId === undefined ? [] : [{ chainId, cacheId }];
    });
    const progress = this.#progress(minBytes);
    let found;
    try {
      found = await findDuplicateFiles({
        dataRoot: store.dataRoot,
        driver: store.driver,
        minBytes,
        layers,
        onProgress: progress.update,
        threads: this.index.pools.duplicates,
      });
      progress.end('done', null, found.hashedFiles);
    } catch (error) {
      progress.end('failed', (error as Error).message);
      if (error instanceof DuplicateSearchError && error.code !== null) {
        throw new ConflictError(error.code, error.message);
      }
      throw error;
    }
    const byHash = new Map<string, KeptCopy[]>();
    for (const copy of found.copies) {
      const key = `${copy.bytes}:${copy.sha256}`;
      const group = byHash.get(key) ?? [];
      group.push({ chainId: copy.chainId, path: copy.path });
      byHash.set(key, group);
    }
    const groups = [...byHash]
      .filter(([, copies]) => copies.length > 1)
      .map(([key, copies]) => ({
        sha256: key.slice(key.indexOf(':') + 1),
        apparentBytes: Number(key.slice(0, key.indexOf(':'))),
        copies,
      }));
    return { minBytes, hashedFiles: found.hashedFiles, computedAt: computedAt(), groups };
  }

  /** Progress events: a few per second once the work has run for a moment, then done. */
  #progress(minBytes: number) {
    const publish = this.index.options.publish;
    const delay = this.index.options.progressDelayMs ?? 300;
    const started = Date.now();
    let last: { stage: 'listing' | 'hashing'; counters: DuplicateCounters } | null = null;
    let lastSent = 0;
    let sent = false;
    let hashedFiles = 0;
    const send = (phase: 'running' | 'done' | 'failed', message: string | null) => {
      sent = true;
      lastSent = Date.now();
      const counters = last?.counters;
      // While the layers' lists are read (and each file's first 4 KB hashed) the files to
      // compare are not known yet: entries read, of the lists' bytes. Then the files whose size
      // and first 4 KB another shares are hashed whole; at the end, every file compared.
      const listing = last?.stage !== 'hashing';
      const compared = phase === 'done' ? hashedFiles : null;
      publish?.({
        type: 'explorer-progress',
        task: 'duplicates',
        taskId: `duplicates:${minBytes}`,
        imageId: null,
        layer: null,
        phase,
        itemsDone: compared ?? (listing ? counters?.entries : counters?.files) ?? 0,
        itemsTotal: compared ?? (listing ? null : (counters?.filesTotal ?? 0)),
        bytesDone: (listing ? counters?.listBytes : counters?.bytes) ?? 0,
        bytesTotal: (listing ? counters?.listBytesTotal : counters?.bytesTotal) || null,
        message,
      });
    };
    return {
      update: (stage: 'listing' | 'hashing', counters: DuplicateCounters) => {
        last = { stage, counters };
        const now = Date.now();
        if (now - started >= delay && now - lastSent >= 250) send('running', null);
      },
      end: (phase: 'done' | 'failed', message: string | null, compared = 0) => {
        hashedFiles = compared;
        if (sent || delay === 0) send(phase, message);
      },
    };
  }
}

/** The groups as the pages use them: copies in a stable order, most savable first. */
function groupsOf(kept: KeptFileGroups): FileGroups {
  const groups: FileGroup[] = kept.groups
    .map(({ sha256, apparentBytes, copies: found }) => {
      // Hashing finishes in any order, and the chains come in the engine's image order:
      // copies by path, then chain ID, read the same on every load.
      const copies = found
        .map((copy) => {
          const segments = copy.path.split('/');
          return {
            chainId: copy.chainId,
            path: `/${copy.path}`,
            displayPath: displayPathOf(segments),
          };
        })
        .sort((a, b) => compare(a.path, b.path) || compare(a.chainId, b.chainId));
      return {
        sha256,
        apparentBytes,
        savableBytes: apparentBytes * (copies.length - 1),
        copies,
        text: copies.map((copy) => copy.displayPath.toLowerCase()).join('\n'),
        chainIds: [...new Set(copies.map((copy) => copy.chainId))],
      };
    })
    .sort((a, b) => b.savableBytes - a.savableBytes || compare(a.sha256, b.sha256));
  return {
    minBytes: kept.minBytes,
    groups,
    hashedFiles: kept.hashedFiles,
    savableBytes: groups.reduce((sum, group) => sum + group.savableBytes, 0),
    computedAt: kept.computedAt,
  };
}

/** Code-point order: the same in every locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
