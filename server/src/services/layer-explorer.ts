import {
  parseTreeChanges,
  type TreeChange,
  type TreeListing,
  type TreeQuery,
  type TreeSearch,
  type TreeSearchQuery,
} from '@footprint/shared';
import { allChanges, changeBits, keepsEntry, shownChange } from '../domain/change-filter.js';
import { MergedView } from '../domain/merged-view.js';
import type { PackedLayer } from '../domain/packed-layer.js';
import { toTreeEntry } from '../domain/tree-entries.js';
import {
  gatherMerged,
  type ListOptions,
  listLayer,
  pageOf,
  searchView,
  type ViewNode,
} from '../domain/tree-listing.js';
import { InvalidTreePathError, requestPathSegments } from '../domain/tree-names.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { DuplicateFinder, type DuplicateSources } from './duplicates.js';
import type { LayerIndex, ResolvedImage } from './layer-index.js';
import { RecentAnswers } from './recent-answers.js';

/*
 * The layer explorer: one directory of one layer (or of the merged view through it) per
 * request, a page at a time, and search. The first request for a layer builds its index (in a
 * worker); later ones look up and slice. A merged directory several layers share is gathered
 * and sorted once, and kept for the pages that follow.
 */

const defaultLimit = 200;
/** Entries of gathered merged directories kept for paging. */
const maxGatheredItems = 2_000_000;
/** Directory pages kept as answers: the ones a person goes back and forth between. */
const maxListings = 16;
const encoder = new TextEncoder();

export class LayerExplorer {
  readonly #gathered = new Map<string, ViewNode[]>();
  #gatheredItems = 0;
  /** Pages by resolved image and query; a resolved image is a new object after an image event. */
  readonly #listings = new RecentAnswers<TreeListing>(maxListings);
  readonly #imageKeys = new WeakMap<ResolvedImage, number>();
  #nextImageKey = 0;

  readonly duplicates: DuplicateFinder;

  constructor(
    readonly index: LayerIndex,
    duplicateSources: DuplicateSources,
  ) {
    this.duplicates = new DuplicateFinder(index, duplicateSources);
  }

  /**
   * One page of a directory. Layers never change, so a page is the same for the same resolved
   * image and query, and is kept as the same object (serialized once): the explorer's first
   * page was gathered, made entries and serialized for each request, 53 ms at p99 under load.
   */
  async listDirectory(reference: string, query: TreeQuery): Promise<TreeListing> {
    const image = await this.index.resolve(reference);
    let imageKey = this.#imageKeys.get(image);
    if (imageKey === undefined) {
      imageKey = this.#nextImageKey++;
      this.#imageKeys.set(image, imageKey);
    }
    const { layer, view, path, sort, order, changes, offset, limit } = query;
    const key = JSON.stringify([imageKey, layer, view, path, sort, order, changes, offset, limit]);
    return this.#listings.get(key, () => this.#list(image, query));
  }

  async #list(image: ResolvedImage, query: TreeQuery): Promise<TreeListing> {
    const segments = parsePath(query.path ?? '/');
    const path = segments.map((segment) => encoder.encode(segment));
    const { layer, mode, view } = await this.#open(image, query.layer, query.view);
    const top = view.packed(layer);
    const sort = query.sort ?? 'name';
    const options: ListOptions = {
      sort,
      order: query.order ?? (sort === 'size' ? 'desc' : 'asc'),
      offset: query.offset ?? 0,
      limit: query.limit ?? defaultLimit,
    };
    const own = top.find(path);
    const changes = parseTreeChanges(query.changes);
    const mask = filterMask(changes, mode);
    const keyOf = (what: string) =>
      `${image.chainIds[layer]}\u0000${what}\u0000${segments.join('/')}\u0000${sort}\u0000${mask}`;
    let dir: ViewNode;
    let page: { total: number; items: ViewNode[] };
    if (mode === 'layer') {
      if (own < 0) throw notFound(image, layer, mode);
      dir = { layer, node: own, refs: null };
      assertDirectory(top, own);
      if (mask === allChanges) {
        const ids = listLayer(top, own, options);
        page = { total: ids.total, items: ids.items.map((node) => ({ layer, node, refs: null })) };
      } else {
        // The kept children in the key's natural order, once, then paged like a merged listing.
        const kept = () => {
          const items: ViewNode[] = [];
          const first = top.firstChild(own);
          for (let k = 0; k < top.childCount(own); k++) {
            const node = sort === 'name' ? first + k : top.bySize(own, k);
            const item = { layer, node, refs: null };
            if (keepsEntry(view, item, mode, mask)) items.push(item);
          }
          return items;
        };
        page = pageOf(this.#gather(keyOf('layer'), kept), options);
      }
    } else {
      const refs = view.find(path);
      if (refs === null) throw notFound(image, layer, mode);
      dir = { layer: refs[0] as number, node: refs[1] as number, refs };
      assertDirectory(view.packed(dir.layer), dir.node);
      const ownDir = own >= 0 && top.isDir(own) && !top.isDeleted(own) ? own : -1;
      const alone = refs.length === 2 && refs[0] === layer;
      if (alone && mask === allChanges && (sort === 'name' || top.f64('deleted', ownDir) === 0)) {
        // A directory only this layer has: its own listing is the merged one, deletions shown.
        const ids = listLayer(top, ownDir, options);
        page = {
          total: ids.total,
          items: ids.items.map((node) => ({ layer, node, refs: [layer, node] })),
        };
      } else {
        const gather = () => {
          const items = gatherMerged(view, refs, ownDir, sort);
          return mask === allChanges
            ? items
            : items.filter((item) => keepsEntry(view, item, mode, mask));
        };
        page = pageOf(this.#gather(keyOf('merged'), gather), options);
      }
    }
    return {
      imageId: image.id,
      layer: layerRef(image, layer),
      view: mode,
      directory: toTreeEntry(view, dir, segments, mode),
      changes,
      total: page.total,
      offset: options.offset,
      limit: options.limit,
      entries: page.items.map((item) =>
        toTreeEntry(view, item, [...segments, view.packed(item.layer).name(item.node)], mode),
      ),
      notes: notesOf(view, mode === 'merged' ? 0 : layer, layer),
    };
  }

  async search(reference: string, query: TreeSearchQuery): Promise<TreeSearch> {
    const image = await this.index.resolve(reference);
    const { layer, mode, view } = await this.#open(image, query.layer, query.view);
    const changes = parseTreeChanges(query.changes);
    const mask = filterMask(changes, mode);
    // A search lists matches, not a tree: each match is kept by its own change alone.
    const accept =
      mask === allChanges
        ? undefined
        : (item: ViewNode) => (changeBits([shownChange(view, item, mode)]) & mask) !== 0;
    const limit = query.limit ?? defaultLimit;
    const page = await searchView(view, mode, query.q, limit, yieldTurn, accept);
    return {
      imageId: image.id,
      layer: layerRef(image, layer),
      view: mode,
      query: query.q,
      changes,
      total: page.total,
      entries: page.items.map((hit) => toTreeEntry(view, hit, hit.path, mode)),
      notes: notesOf(view, mode === 'merged' ? 0 : layer, layer),
    };
  }

  #gather(key: string, gather: () => ViewNode[]): ViewNode[] {
    const known = this.#gathered.get(key);
    if (known !== undefined) {
      this.#gathered.delete(key);
      this.#gathered.set(key, known);
      return known;
    }
    const items = gather();
    this.#gathered.set(key, items);
    this.#gatheredItems += items.length;
    for (const [old, list] of this.#gathered) {
      if (this.#gatheredItems <= maxGatheredItems || old === key) break;
      this.#gathered.delete(old);
      this.#gatheredItems -= list.length;
    }
    return items;
  }

  async #open(
    image: ResolvedImage,
    requested: number | undefined,
    requestedView?: 'layer' | 'merged',
  ) {
    const top = image.chainIds.length - 1;
    const layer = requested ?? top;
    if (layer > top || top < 0) {
      throw new NotFoundError(
        'LAYER_NOT_FOUND',
        `Image ${image.id} has ${top + 1} layers, numbered 0 to ${top}; there is no layer ${layer}.`,
      );
    }
    const mode = requestedView ?? 'merged';
    if (mode === 'merged') return { layer, mode, view: await this.index.view(image, layer) };
    // A layer's own tree is marked already: the layers below it are not needed to show it.
    const layers: PackedLayer[] = [];
    layers[layer] = await this.index.layer(image, layer);
    return { layer, mode, view: new MergedView(layers) };
  }
}

/** The filter's bits; a layer's own tree has no unchanged entries, so asking for them is moot. */
function filterMask(changes: readonly TreeChange[], mode: 'layer' | 'merged'): number {
  const mask = changeBits(changes);
  return mode === 'layer' ? mask | changeBits(['unchanged']) : mask;
}

/** What the reader should know about layers `from`..`to` of a view: opaque markers unread. */
function notesOf(view: MergedView, from: number, to: number): string[] {
  const notes: string[] = [];
  for (let k = from; k <= to; k++) {
    const problem = view.layers[k]?.meta.opaqueProblem;
    if (problem) {
      notes.push(
        `Layer ${k} has no file list (tar-split.json.gz) and was read from its directory, where ` +
          `overlay marks opaque directories; those marks could not be read (${problem}). A ` +
          'directory that hides what the layers below have in it may show their entries as visible.',
      );
    }
  }
  return notes;
}

function assertDirectory(packed: PackedLayer, node: number): void {
  if (!packed.isDir(node) || packed.isDeleted(node)) {
    throw new BadRequestError('NOT_A_DIRECTORY', 'This path is not a directory in that tree.');
  }
}

function notFound(image: ResolvedImage, layer: number, mode: 'layer' | 'merged') {
  return new NotFoundError(
    'TREE_PATH_NOT_FOUND',
    `Layer ${layer} of ${image.id} has no ${mode === 'merged' ? 'visible ' : ''}entry at this path.`,
  );
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function parsePath(path: string): string[] {
  try {
    return requestPathSegments(path);
  } catch (error) {
    if (error instanceof InvalidTreePathError) {
      throw new BadRequestError('INVALID_TREE_PATH', error.message);
    }
    throw error;
  }
}

function layerRef(image: ResolvedImage, index: number) {
  return {
    index,
    chainId: image.chainIds[index] as string,
    diffId: image.diffIds[index] as string,
  };
}
