import type { ServerEvent } from '@footprint/shared';
import { chainIds } from '../domain/layers.js';
import { MergedView } from '../domain/merged-view.js';
import { openPacked, type PackedLayer } from '../domain/packed-layer.js';
import type { StackAnalysis } from '../domain/stack-analysis.js';
import type { Engine, StorageInfo } from '../engine/engine.js';
import { AppError, ConflictError } from '../errors.js';
import { indexFilePath, readIndexFile } from '../storage/layer-index-files.js';
import type { BuildProgress } from '../storage/layer-index-worker.js';
import { openEngineLayerStore } from '../storage/backends/engine-layer-store.js';
import type { LayerFiles, LayerStoreReader } from '../storage/backends/storage-backend.js';
import { loadAnalysis, saveAnalysis } from '../storage/stack-analysis-file.js';
import type { EngineSnapshot } from './engine-snapshot.js';
import { WorkerPools } from '../workers/worker-pools.js';
import { RecentAnswers } from './recent-answers.js';

/*
 * Per-layer indexes by chain ID. A chain ID names a layer together with everything below it,
 * and layers never change, so an index never goes stale: it is built once, in a worker thread,
 * kept in the state dir, and afterwards only read. Memory holds the most recently used ones up
 * to a byte budget; the merged view through a layer reads all layers below it, which images
 * sharing a base share.
 */

export interface ResolvedImage {
  id: string;
  repoTags: string[];
  diffIds: string[];
  chainIds: readonly string[];
  store: LayerStoreReader;
  contents: LayerFiles;
}

export interface LayerIndexOptions {
  dataRoot: string | null;
  /** Where index files are kept; null: memory only. */
  stateDir?: string | null;
  /** Bytes of indexes kept in memory before the least recently used are dropped. */
  maxBytes?: number;
  publish?: (event: ServerEvent) => void;
  /** Progress events begin once a build has run this long (default 300 ms). */
  progressDelayMs?: number;
  warn?: (message: string) => void;
  /**
   * The app's kept engine answers: with it, an image reference is resolved once per version of
   * the image set (until an image event, while the event stream is followed) and the storage
   * facts are the kept ones; without it (the CLI), every call asks the engine.
   */
  snapshot?: EngineSnapshot;
  /**
   * The app's worker threads, shared with its other engines; without them (the CLI, a test),
   * the index makes its own and ends them when it closes.
   */
  pools?: WorkerPools;
}

/** Counts for tests and the curious: what the indexes came from. */
export interface LayerIndexStats {
  builtFromTarSplit: number;
  builtFromDirectory: number;
  loadedFromFile: number;
  /** Files of another format version, damaged or cut short, ignored and built again. */
  rejectedFiles: number;
}

const defaultMaxBytes = 768 * 1024 * 1024;
/** Resolved references kept per version of the image set: the pages of a few images. */
const maxResolved = 64;

interface Slot {
  promise: Promise<PackedLayer>;
  bytes: number;
}

export class LayerIndex {
  readonly stats: LayerIndexStats = {
    builtFromTarSplit: 0,
    builtFromDirectory: 0,
    loadedFromFile: 0,
    rejectedFiles: 0,
  };
  readonly #cache = new Map<string, Slot>();
  readonly #analyses = new Map<string, Promise<StackAnalysis>>();
  /** The worker threads: the app's, or this index's own (ended by close()). */
  readonly pools: WorkerPools;
  readonly #ownPools: boolean;
  /** Aborted by close(): this index's jobs still queued in the app's pool are dropped. */
  readonly #closing = new AbortController();
  readonly #maxBytes: number;

  constructor(
    readonly engine: Engine,
    readonly options: LayerIndexOptions,
  ) {
    this.#maxBytes = options.maxBytes ?? defaultMaxBytes;
    this.#ownPools = options.pools === undefined;
    this.pools = options.pools ?? new WorkerPools();
  }

  /**
   * The image a reference names, with its chain and its layer store. The same object for the
   * same reference while the image set is the same (see `snapshot`), so what is worked out from
   * it (an analysis, a tree page) can be kept by its identity: the explorer's answers asked an
   * inspect and a docker info of the engine each.
   */
  async resolve(reference: string): Promise<ResolvedImage> {
    const snapshot = this.options.snapshot;
    if (snapshot === undefined) return this.#resolve(reference, () => this.engine.storageInfo());
    const resolved = await snapshot.keep(
      'resolved-images',
      ['images'],
      async () => new RecentAnswers<ResolvedImage>(maxResolved),
    );
    return resolved.get(reference, () => this.#resolve(reference, () => snapshot.storageInfo()));
  }

  async #resolve(
    reference: string,
    storageInfo: () => Promise<StorageInfo>,
  ): Promise<ResolvedImage> {
    const inspected = await this.engine.inspectImage(reference);
    const info = await storageInfo();
    const access = await openEngineLayerStore(info, this.options.dataRoot, this.pools);
    if (!access.readable) {
      throw new AppError(503, 'LAYER_STORE_UNREADABLE', access.message);
    }
    return {
      id: inspected.id,
      repoTags: inspected.repoTags,
      diffIds: inspected.diffIds,
      chainIds: chainIds(inspected.diffIds),
      store: access.store,
      contents: access.files,
    };
  }

  /** Layer `index` of the image, stacked on all below it. */
  layer(image: ResolvedImage, index: number): Promise<PackedLayer> {
    const chainId = image.chainIds[index] as string;
    const cached = this.#cache.get(chainId);
    if (cached !== undefined) {
      // Most recently used last.
      this.#cache.delete(chainId);
      this.#cache.set(chainId, cached);
      return cached.promise;
    }
    const slot: Slot = { promise: this.#obtain(image, index), bytes: 0 };
    this.#cache.set(chainId, slot);
    slot.promise.then(
      (layer) => {
        slot.bytes = layer.buffer.byteLength;
        this.#evict(chainId);
      },
      () => this.#cache.delete(chainId),
    );
    return slot.promise;
  }

  /** The merged view through layer `index` (and each layer's own tree). */
  async view(image: ResolvedImage, index: number): Promise<MergedView> {
    // The top first: it builds (or loads) the ones below in order, each once.
    await this.layer(image, index);
    const layers = await Promise.all(
      image.chainIds.slice(0, index + 1).map((_, k) => this.layer(image, k)),
    );
    return new MergedView(layers);
  }

  /** Waste and dive's figures for the whole image, computed in a worker and kept like indexes. */
  analysis(image: ResolvedImage): Promise<StackAnalysis> {
    const top = image.chainIds.at(-1);
    if (top === undefined) return this.pools.layerIndex.analyze([], this.#closing.signal);
    let analysis = this.#analyses.get(top);
    if (analysis === undefined) {
      analysis = this.#analyze(image, top);
      this.#analyses.set(top, analysis);
      analysis.catch(() => this.#analyses.delete(top));
      // A handful is plenty: each is small, and the file keeps the rest.
      for (const key of this.#analyses.keys()) {
        if (this.#analyses.size <= 16) break;
        this.#analyses.delete(key);
      }
    }
    return analysis;
  }

  /**
   * Drops its jobs still queued, and ends its worker threads if they are its own: the app's are
   * the app's to end.
   */
  async close(): Promise<void> {
    this.#closing.abort();
    if (this.#ownPools) await this.pools.close();
  }

  async #analyze(image: ResolvedImage, top: string): Promise<StackAnalysis> {
    const stateDir = this.options.stateDir ?? null;
    const saved = stateDir === null ? null : await loadAnalysis(stateDir, top);
    if (saved !== null) return saved;
    const view = await this.view(image, image.chainIds.length - 1);
    const result = await this.pools.layerIndex.analyze(
      view.layers.map((layer) => layer.buffer as SharedArrayBuffer),
      this.#closing.signal,
    );
    if (stateDir !== null) {
      await saveAnalysis(stateDir, top, result).catch((error: Error) =>
        this.options.warn?.(`Could not keep the analysis of ${top}: ${error.message}`),
      );
    }
    return result;
  }

  async #obtain(image: ResolvedImage, index: number): Promise<PackedLayer> {
    const chainId = image.chainIds[index] as string;
    const stateDir = this.options.stateDir ?? null;
    const file = stateDir === null ? null : indexFilePath(stateDir, chainId);
    if (file !== null) {
      const loaded = await readIndexFile(file);
      if (loaded.layer !== null && loaded.layer.meta.chainId === chainId) {
        this.stats.loadedFromFile++;
        return loaded.layer;
      }
      if (loaded.layer !== null || loaded.reason === 'invalid') this.stats.rejectedFiles++;
    }
    const source = await image.contents.layerSource(chainId);
    if ('unavailable' in source) {
      throw new ConflictError(
        'LAYER_INDEX_UNAVAILABLE',
        `Layer ${index} (${chainId}) of ${image.id} cannot be listed: ${source.unavailable}. ` +
          'Re-pulling or re-loading the image writes a file list.',
      );
    }
    const lower = await Promise.all(
      image.chainIds.slice(0, index).map((_, k) => this.layer(image, k)),
    );
    const progress = this.#progress(image, index);
    try {
      const built = await this.pools.layerIndex.build(
        {
          chainId,
          layer: index,
          source,
          lower: lower.map((layer) => layer.buffer as SharedArrayBuffer),
          file,
          onProgress: progress.update,
        },
        this.#closing.signal,
      );
      if (source.kind === 'tar-split') this.stats.builtFromTarSplit++;
      else this.stats.builtFromDirectory++;
      if (built.writeError !== null) {
        this.options.warn?.(`Could not keep the index of layer ${chainId}: ${built.writeError}`);
      }
      progress.end('done', built.entries, null);
      return openPacked(built.buffer, false);
    } catch (error) {
      progress.end('failed', null, (error as Error).message);
      throw error;
    }
  }

  /** Progress events for one build: none for a quick one, a few per second for a long one. */
  #progress(image: ResolvedImage, index: number) {
    const started = Date.now();
    const delay = this.options.progressDelayMs ?? 300;
    let last: BuildProgress = { entries: 0, bytesRead: null, bytesTotal: null };
    let lastSent = 0;
    let sent = false;
    const send = (phase: 'running' | 'done' | 'failed', message: string | null) => {
      sent = true;
      lastSent = Date.now();
      this.options.publish?.({
        type: 'explorer-progress',
        task: 'layer-index',
        taskId: image.chainIds[index] as string,
        imageId: image.id,
        layer: index,
        phase,
        itemsDone: last.entries,
        itemsTotal: phase === 'done' ? last.entries : null,
        bytesDone: last.bytesRead,
        bytesTotal: last.bytesTotal,
        message,
      });
    };
    return {
      update: (progress: BuildProgress) => {
        last = progress;
        const now = Date.now();
        if (now - started >= delay && now - lastSent >= 250) send('running', null);
      },
      end: (phase: 'done' | 'failed', entries: number | null, message: string | null) => {
        if (entries !== null) last = { ...last, entries, bytesRead: last.bytesTotal };
        if (sent || delay === 0) send(phase, message);
      },
    };
  }

  #evict(keep: string): void {
    let total = 0;
    for (const slot of this.#cache.values()) total += slot.bytes;
    for (const [chainId, slot] of this.#cache) {
      if (total <= this.#maxBytes) break;
      if (chainId === keep || slot.bytes === 0) continue;
      this.#cache.delete(chainId);
      total -= slot.bytes;
    }
  }
}
