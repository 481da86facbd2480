import type { LayerNode } from '@footprint/shared';

/**
 * One node of the layer tree: a run of layers that every image above shares and that no image
 * stops in the middle of (a "shared chain"). Roots are base layers; images sit where their top
 * layer is.
 */
export interface ChainTreeNode {
  /** The chain ID of the run's top layer: names the node in URLs. */
  id: string;
  /** The run's layers, bottom first. */
  chainIds: string[];
  /** Engine bytes of the run's layers; null when a layer has no recorded size. */
  size: number | null;
  /** On-disk bytes of the run's layers; null when one is not measured. */
  diskBytes: number | null;
  /** Images that hold this run (and all below it). */
  imagesAbove: string[];
  /** Images whose top layer ends this run. */
  images: string[];
  children: ChainTreeNode[];
  /** Engine bytes of the whole subtree, each layer once (null when one is unknown). */
  subtreeSize: number | null;
  depth: number;
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null) return null;
    total += value;
  }
  return total;
}

/** Biggest subtrees first, then most images, then by ID for a stable order. */
function compareNodes(a: ChainTreeNode, b: ChainTreeNode): number {
  return (
    (b.subtreeSize ?? -1) - (a.subtreeSize ?? -1) ||
    b.imagesAbove.length - a.imagesAbove.length ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The forest of shared chains from GET /api/layers. */
export function buildLayerTree(layers: readonly LayerNode[]): ChainTreeNode[] {
  const byId = new Map(layers.map((layer) => [layer.chainId, layer]));
  const children = new Map<string, LayerNode[]>();
  const roots: LayerNode[] = [];
  for (const layer of layers) {
    const parent = layer.parentChainId;
    if (parent === null || !byId.has(parent)) roots.push(layer);
    else children.set(parent, [...(children.get(parent) ?? []), layer]);
  }

  const build = (start: LayerNode, depth: number): ChainTreeNode => {
    const run = [start];
    let last = start;
    // Extend the run while nothing branches off and no image stops here.
    for (;;) {
      const next = children.get(last.chainId) ?? [];
      if (next.length !== 1 || last.topOf.length > 0) break;
      last = next[0] as LayerNode;
      run.push(last);
    }
    const kids = (children.get(last.chainId) ?? [])
      .map((child) => build(child, depth + 1))
      .sort(compareNodes);
    const size = sumOrNull(run.map((layer) => layer.size));
    const childSizes = kids.map((kid) => kid.subtreeSize);
    return {
      id: last.chainId,
      chainIds: run.map((layer) => layer.chainId),
      size,
      diskBytes: sumOrNull(run.map((layer) => layer.diskBytes)),
      imagesAbove: start.images,
      images: last.topOf,
      children: kids,
      subtreeSize: size === null ? null : sumOrNull([size, ...childSizes]),
      depth,
    };
  };
  return roots.map((root) => build(root, 0)).sort(compareNodes);
}

/** The path from a root to the node `id` (inclusive), or [] when there is no such node. */
export function pathTo(roots: readonly ChainTreeNode[], id: string): ChainTreeNode[] {
  for (const root of roots) {
    if (root.id === id || root.chainIds.includes(id)) return [root];
    const below = pathTo(root.children, id);
    if (below.length > 0) return [root, ...below];
  }
  return [];
}

/** How many nodes the forest has (for the "expand all" decision and the summary). */
export function countNodes(roots: readonly ChainTreeNode[]): number {
  return roots.reduce((sum, root) => sum + 1 + countNodes(root.children), 0);
}

/** A subtree shown on its own (focused): its depths counted from 0 again. */
export function rebase(node: ChainTreeNode, depth = 0): ChainTreeNode {
  return { ...node, depth, children: node.children.map((child) => rebase(child, depth + 1)) };
}
