import type { TreeListing, TreeQuery, TreeSearch, TreeSearchQuery } from '@footprint/shared';
import { type FileNode, findNode } from '../domain/file-tree.js';
import { toTreeEntry } from '../domain/tree-entries.js';
import { listChildren, searchTree } from '../domain/tree-listing.js';
import { InvalidTreePathError, requestPathSegments } from '../domain/tree-names.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { LayerIndex, ResolvedImage } from './layer-index.js';

/*
 * The layer explorer: one directory of one layer (or of the merged view through it) per
 * request, a page at a time. The first request for a layer builds its index; later ones only
 * look up and slice.
 */

const defaultLimit = 200;
const withDeletions = new WeakMap<FileNode, FileNode>();

export class LayerExplorer {
  constructor(readonly index: LayerIndex) {}

  async listDirectory(reference: string, query: TreeQuery): Promise<TreeListing> {
    const segments = parsePath(query.path ?? '/');
    const { image, layer, view, root } = await this.#tree(reference, query.layer, query.view);
    const dir = findNode(root, segments);
    if (dir === null) {
      throw new NotFoundError(
        'TREE_PATH_NOT_FOUND',
        `Layer ${layer} of ${image.id} has no ${view === 'merged' ? 'visible ' : ''}entry at this path.`,
      );
    }
    if (dir.children === null) {
      throw new BadRequestError('NOT_A_DIRECTORY', 'This path is not a directory in that tree.');
    }
    const offset = query.offset ?? 0;
    const limit = query.limit ?? defaultLimit;
    const shown = view === 'merged' ? await this.#withDeletions(image, layer, segments, dir) : dir;
    const page = listChildren(shown, {
      sort: query.sort ?? 'name',
      order: query.order ?? (query.sort === 'size' ? 'desc' : 'asc'),
      offset,
      limit,
    });
    return {
      imageId: image.id,
      layer: layerRef(image, layer),
      view,
      directory: toTreeEntry(dir, segments, layer, view),
      total: page.total,
      offset,
      limit,
      entries: page.items.map((node) => toTreeEntry(node, [...segments, node.name], layer, view)),
    };
  }

  async search(reference: string, query: TreeSearchQuery): Promise<TreeSearch> {
    const { image, layer, view, root } = await this.#tree(reference, query.layer, query.view);
    const page = searchTree(root, query.q, query.limit ?? defaultLimit);
    return {
      imageId: image.id,
      layer: layerRef(image, layer),
      view,
      query: query.q,
      total: page.total,
      entries: page.items.map((hit) => toTreeEntry(hit.node, hit.path, layer, view)),
    };
  }

  async #tree(
    reference: string,
    requested: number | undefined,
    requestedView?: 'layer' | 'merged',
  ) {
    const image = await this.index.resolve(reference);
    const top = image.chainIds.length - 1;
    const layer = requested ?? top;
    if (layer > top || top < 0) {
      throw new NotFoundError(
        'LAYER_NOT_FOUND',
        `Image ${image.id} has ${top + 1} layers, numbered 0 to ${top}; there is no layer ${layer}.`,
      );
    }
    const view = requestedView ?? 'merged';
    const { stacked } = await this.index.layer(image, layer);
    return { image, layer, view, root: view === 'merged' ? stacked.merged : stacked.tree };
  }

  /**
   * The merged directory with what the listed layer deleted from it added back, marked deleted,
   * so the merged view shows removals as dive does.
   */
  async #withDeletions(
    image: ResolvedImage,
    layer: number,
    segments: string[],
    dir: FileNode,
  ): Promise<FileNode> {
    const { stacked } = await this.index.layer(image, layer);
    const own = findNode(stacked.tree, segments);
    const deleted = [...(own?.children?.values() ?? [])].filter((n) => n.change === 'deleted');
    if (deleted.length === 0) return dir;
    let shown = withDeletions.get(dir);
    if (shown === undefined) {
      const children = new Map(dir.children ?? []);
      for (const node of deleted) children.set(node.name, node);
      shown = { ...dir, children };
      // A merged directory a layer deleted from is that layer's own: the key cannot mix stacks.
      withDeletions.set(dir, shown);
    }
    return shown;
  }
}

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
