import type {
  DuplicateDiffsPage,
  DuplicateDiffsQuery,
  DuplicateFilesPage,
  DuplicateFilesQuery,
  DuplicateImage,
} from '@footprint/shared';
import {
  byName,
  filterGroups,
  type ImageTags,
  imagesOfRow,
  type Searchable,
  sumOf,
} from '../domain/duplicate-pages.js';
import { chainIds } from '../domain/layers.js';
import type { ImageLayers } from '../domain/types.js';
import type { StorageInfo } from '../engine/engine.js';
import { AppError } from '../errors.js';
import { openEngineLayerStore } from '../storage/backends/engine-layer-store.js';
import type { LayerDisks } from './disk-truth.js';
import { type DiffGroups, groupDiffs } from './duplicate-diffs.js';
import { type ChainHolding, FileHasher, type FileGroups } from './duplicate-files.js';
import type { LayerIndex, ResolvedImage } from './layer-index.js';

/*
 * GET /api/duplicates/files and /diffs. Working the groups out reads every layer's index (and
 * hashes files): 1.6 to 1.8 s at 2,000 images, which every request used to pay. The groups
 * depend on the image set alone (layers never change), the diffs' disk figures also on the last
 * scan: so they are worked out once per image set (per scan for the diffs' figures) and kept,
 * and a request only searches, filters and slices them. A page for the same query, while
 * nothing changed, is the same object (the route serializes and gzips it once).
 */

/** Where the image set, the names and the disk figures come from (the app's kept answers). */
export interface DuplicateSources {
  /** Every image's ID and diff IDs; the same array while the image set is the same. */
  imageLayers(): Promise<readonly ImageLayers[]>;
  /** Every image's tags. */
  images(): Promise<readonly { id: string; repoTags: readonly string[] }[]>;
  storageInfo(): Promise<StorageInfo>;
  /** The last scan's figures per layer directory; the same object while they are the same. */
  layerDisks(): Promise<LayerDisks>;
}

/** How many images a row names; the rest are counted (imageCount). */
const imagesPerRow = 6;
const defaultLimit = 50;
/** minBytes values whose groups are kept at once (the page offers three). */
const keptSizes = 4;
/** Pages kept per image set, for the same query asked again. */
const keptPages = 16;

/** One image set and what is worked out from it. */
interface ImageSet {
  layers: readonly ImageLayers[];
  chains: Map<string, ChainHolding>;
  /** Each image's chains, bottom first. */
  chainsByImage: Map<string, readonly string[]>;
  store: ResolvedImage['store'];
  files: Map<number, Promise<FileGroups>>;
  diffs: { disks: LayerDisks; promise: Promise<DiffGroups> } | null;
}

/** The images' tags, and each chain's holders in name order, for one list of tags. */
interface Names {
  source: readonly { id: string; repoTags: readonly string[] }[];
  tags: ImageTags;
  ordered: Map<string, string[]>;
  pages: Map<string, DuplicateFilesPage | DuplicateDiffsPage>;
}

export interface DuplicateStats {
  /** Image sets taken (a new one each time the engine's images changed). */
  imageSets: number;
  /** Times the file groups were worked out. */
  fileGroupings: number;
  /** Times the duplicated diffs were worked out. */
  diffGroupings: number;
}

export class DuplicateFinder {
  readonly stats: DuplicateStats = { imageSets: 0, fileGroupings: 0, diffGroupings: 0 };
  readonly #hasher: FileHasher;
  #set: Promise<ImageSet> | null = null;
  #names: { set: ImageSet; names: Names } | null = null;

  constructor(
    readonly index: LayerIndex,
    readonly sources: DuplicateSources,
  ) {
    this.#hasher = new FileHasher(index);
  }

  async files(query: DuplicateFilesQuery): Promise<DuplicateFilesPage> {
    const minBytes = query.minBytes ?? 1024;
    const set = await this.#imageSet();
    let found = set.files.get(minBytes);
    if (found === undefined) {
      this.stats.fileGroupings++;
      found = this.#hasher.group(set.chains, minBytes);
      set.files.set(minBytes, found);
      const grouping = found;
      grouping.catch(() => {
        if (set.files.get(minBytes) === grouping) set.files.delete(minBytes);
      });
      for (const size of set.files.keys()) {
        if (set.files.size <= keptSizes) break;
        if (size !== minBytes) set.files.delete(size);
      }
    }
    const groups = await found;
    const names = await this.#namesFor(set);
    const key = `files\u0000${minBytes}\u0000${pageKey(query)}`;
    const kept = names.pages.get(key);
    if (kept !== undefined && pageSources.get(kept) === groups) return kept as DuplicateFilesPage;
    const filter = filterOf(query);
    const matching = filterGroups(groups.groups, filter, this.#chainsOf(set), names.tags);
    const { offset, limit, slice } = pageOf(matching, query);
    const images = new Set<string>();
    const rows = (chainId: string) => this.#rowImages(set, names, chainId, filter.image, images);
    const page: DuplicateFilesPage = {
      minBytes,
      hashedFiles: groups.hashedFiles,
      total: matching.length,
      offset,
      limit,
      files: slice.map((group) => ({
        sha256: group.sha256,
        apparentBytes: group.apparentBytes,
        copies: group.copies.map((copy) => ({ ...copy, ...rows(copy.chainId) })),
        savableBytes: group.savableBytes,
      })),
      matching: {
        groups: matching.length,
        savableBytes: matching.reduce((sum, group) => sum + group.savableBytes, 0),
      },
      all: { groups: groups.groups.length, savableBytes: groups.savableBytes },
      images: imagesOf(images, names.tags),
      computedAt: groups.computedAt,
    };
    pageSources.set(page, groups);
    keepPage(names, key, page);
    return page;
  }

  async diffs(query: DuplicateDiffsQuery): Promise<DuplicateDiffsPage> {
    const set = await this.#imageSet();
    const disks = await this.sources.layerDisks();
    let kept = set.diffs;
    if (kept?.disks !== disks) {
      this.stats.diffGroupings++;
      const promise = groupDiffs(set.layers, set.store, disks);
      kept = { disks, promise };
      set.diffs = kept;
      promise.catch(() => {
        if (set.diffs?.promise === promise) set.diffs = null;
      });
    }
    const found = await kept.promise;
    const names = await this.#namesFor(set);
    const key = `diffs\u0000${pageKey(query)}`;
    const page = names.pages.get(key);
    if (page !== undefined && pageSources.get(page) === found) return page as DuplicateDiffsPage;
    const filter = filterOf(query);
    const matching = filterGroups(found.groups, filter, this.#chainsOf(set), names.tags);
    const { offset, limit, slice } = pageOf(matching, query);
    const images = new Set<string>();
    const totals = (groups: typeof matching) => ({
      groups: groups.length,
      extraEngineBytes: groups.reduce((sum, group) => sum + group.extraEngineBytes, 0),
      extraDiskBytes: sumOf(groups.map((group) => group.extraDiskBytes)),
      extraApparentBytes: sumOf(groups.map((group) => group.extraApparentBytes)),
    });
    const answer: DuplicateDiffsPage = {
      total: matching.length,
      offset,
      limit,
      diffs: slice.map(({ text: _text, chainIds: _chains, copies, ...group }) => ({
        ...group,
        copies: copies.map((copy) => ({
          ...copy,
          ...this.#rowImages(set, names, copy.chainId, filter.image, images),
        })),
      })),
      matching: totals(matching),
      all: totals(found.groups),
      notMeasuredReason: found.notMeasuredReason,
      images: imagesOf(images, names.tags),
      computedAt: found.computedAt,
    };
    pageSources.set(answer, found);
    keepPage(names, key, answer);
    return answer;
  }

  /** The current image set: the kept one while the engine lists the same images and layers. */
  async #imageSet(): Promise<ImageSet> {
    const layers = await this.sources.imageLayers();
    const kept = this.#set;
    if (kept !== null) {
      const set = await kept.catch(() => null);
      if (set !== null && (set.layers === layers || sameLayers(set.layers, layers))) return set;
      // Another request may have taken the new set meanwhile.
      if (this.#set !== kept) return this.#imageSet();
    }
    this.stats.imageSets++;
    const taking = this.#take(layers);
    this.#set = taking;
    taking.catch(() => {
      if (this.#set === taking) this.#set = null;
    });
    return taking;
  }

  async #take(layers: readonly ImageLayers[]): Promise<ImageSet> {
    const info = await this.sources.storageInfo();
    const access = await openEngineLayerStore(info, this.index.options.dataRoot, this.index.pools);
    if (!access.readable) throw new AppError(503, 'LAYER_STORE_UNREADABLE', access.message);
    const contents = access.files;
    const chains = new Map<string, ChainHolding>();
    const chainsByImage = new Map<string, readonly string[]>();
    for (const layer of layers) {
      const image: ResolvedImage = {
        id: layer.id,
        repoTags: [],
        diffIds: [...layer.diffIds],
        chainIds: chainIds(layer.diffIds),
        store: access.store,
        contents,
      };
      chainsByImage.set(image.id, image.chainIds);
      image.chainIds.forEach((chainId, position) => {
        const seen = chains.get(chainId);
        if (seen === undefined)
          chains.set(chainId, { image, position, holders: new Set([image.id]) });
        else seen.holders.add(image.id);
      });
    }
    return { layers, chains, chainsByImage, store: access.store, files: new Map(), diffs: null };
  }

  /** The images' tags for this set, kept while the engine lists the same tags. */
  async #namesFor(set: ImageSet): Promise<Names> {
    const source = await this.sources.images();
    const kept = this.#names;
    if (
      kept?.set === set &&
      (kept.names.source === source || sameTags(kept.names.source, source))
    ) {
      return kept.names;
    }
    const names: Names = {
      source,
      tags: new Map(source.map((image) => [image.id, image.repoTags])),
      ordered: new Map(),
      pages: new Map(),
    };
    this.#names = { set, names };
    return names;
  }

  #chainsOf(set: ImageSet) {
    return (imageId: string): readonly string[] => set.chainsByImage.get(imageId) ?? [];
  }

  /** A copy's images for its row (noted in `named` for the side table), and how many in all. */
  #rowImages(
    set: ImageSet,
    names: Names,
    chainId: string,
    first: string | null,
    named: Set<string>,
  ) {
    let ordered = names.ordered.get(chainId);
    if (ordered === undefined) {
      ordered = byName(set.chains.get(chainId)?.holders ?? [], names.tags);
      names.ordered.set(chainId, ordered);
    }
    const images = imagesOfRow(ordered, first, imagesPerRow);
    for (const id of images) named.add(id);
    return { images, imageCount: ordered.length };
  }
}

/**
 * Which groups a kept page was cut from: a new scan makes new diff figures, and file groups
 * dropped (keptSizes) are worked out again as new objects.
 */
const pageSources = new WeakMap<object, FileGroups | DiffGroups>();

function filterOf(query: { q?: string; image?: string }) {
  return { q: query.q ?? '', image: query.image ?? null };
}

function pageKey(query: { q?: string; image?: string; offset?: number; limit?: number }) {
  return [query.q ?? '', query.image ?? '', query.offset ?? 0, query.limit ?? defaultLimit].join(
    '\u0000',
  );
}

function pageOf<G extends Searchable>(
  matching: readonly G[],
  query: { offset?: number; limit?: number },
) {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? defaultLimit;
  return { offset, limit, slice: matching.slice(offset, offset + limit) };
}

function keepPage(names: Names, key: string, page: DuplicateFilesPage | DuplicateDiffsPage) {
  names.pages.delete(key);
  names.pages.set(key, page);
  for (const old of names.pages.keys()) {
    if (names.pages.size <= keptPages) break;
    names.pages.delete(old);
  }
}

function imagesOf(ids: ReadonlySet<string>, tags: ImageTags): DuplicateImage[] {
  return byName(ids, tags).map((id) => ({ id, repoTags: [...(tags.get(id) ?? [])] }));
}

function sameLayers(a: readonly ImageLayers[], b: readonly ImageLayers[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as ImageLayers;
    const y = b[i] as ImageLayers;
    if (x.id !== y.id || x.diffIds.length !== y.diffIds.length) return false;
    for (let k = 0; k < x.diffIds.length; k++) if (x.diffIds[k] !== y.diffIds[k]) return false;
  }
  return true;
}

function sameTags(
  a: readonly { id: string; repoTags: readonly string[] }[],
  b: readonly { id: string; repoTags: readonly string[] }[],
): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as { id: string; repoTags: readonly string[] };
    const y = b[i] as { id: string; repoTags: readonly string[] };
    if (x.id !== y.id || x.repoTags.join('\n') !== y.repoTags.join('\n')) return false;
  }
  return true;
}
