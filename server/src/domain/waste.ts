import {
  type FileNode,
  filesUnder,
  findNode,
  type StackedLayer,
  type WasteFate,
} from './file-tree.js';
import { compareKeys } from './tree-names.js';

/*
 * What squashing an image would save, file by file: every copy that a later layer overwrote,
 * deleted, or hid under an opaque directory costs its bytes and is never seen by a container.
 * A path's last copy is kept when it is still visible, so a file written three times costs two
 * copies, not three (dive counts all three: dive issue 684), and a file deleted through its
 * directory counts like one deleted by name (dive counts neither). A copy whose data a hard
 * link of the same layer still shows is not reclaimable: a tar stores linked data once, at the
 * first name, and squashing would keep it under the link's name.
 */

export interface WastedCopy {
  layer: number;
  bytes: number;
  fate: WasteFate | 'kept';
  /** The layer that overwrote or deleted this copy; null for the kept one. */
  byLayer: number | null;
  /** A visible hard link of the same layer that still holds this copy's data. */
  heldByLink: string[] | null;
}

export interface WastedFile {
  path: string[];
  copies: WastedCopy[];
  /** Bytes of every copy but the kept one. */
  reclaimableBytes: number;
}

export interface WasteSummary {
  files: WastedFile[];
  reclaimableBytes: number;
  /** What a squashed image stores: every visible file, data a hard link still holds included. */
  visibleBytes: number;
}

/** Hard links per layer: target path → the paths linking to it. */
function hardLinks(tree: FileNode): Map<string, string[][]> {
  const links = new Map<string, string[][]>();
  for (const { path, node } of filesUnder(tree, [])) {
    if (node.kind !== 'hardlink' || node.linkTarget === null || node.change === 'deleted') continue;
    const target = node.linkTarget
      .split('/')
      .filter((part) => part !== '' && part !== '.')
      .join('/');
    links.set(target, [...(links.get(target) ?? []), path]);
  }
  return links;
}

export function summarizeWaste(stack: readonly StackedLayer[]): WasteSummary {
  const top = stack.at(-1)?.merged ?? null;
  const linksByLayer = new Map<number, Map<string, string[][]>>();
  const visibleLink = (layer: number, target: string): string[] | null => {
    let links = linksByLayer.get(layer);
    if (links === undefined) {
      links =
        stack[layer] === undefined ? new Map() : hardLinks((stack[layer] as StackedLayer).tree);
      linksByLayer.set(layer, links);
    }
    for (const path of links.get(target) ?? []) {
      const shown = top === null ? null : findNode(top, path);
      if (shown?.kind === 'hardlink' && shown.layer === layer) return path;
    }
    return null;
  };
  const byPath = new Map<string, WastedFile>();
  for (const layer of stack) {
    for (const copy of layer.waste) {
      const key = copy.path.join('/');
      let file = byPath.get(key);
      if (file === undefined) {
        file = { path: copy.path, copies: [], reclaimableBytes: 0 };
        byPath.set(key, file);
      }
      const heldByLink = visibleLink(copy.layer, key);
      file.copies.push({
        layer: copy.layer,
        bytes: copy.bytes,
        fate: copy.fate,
        byLayer: copy.byLayer,
        heldByLink,
      });
      if (heldByLink === null) file.reclaimableBytes += copy.bytes;
    }
  }
  let reclaimableBytes = 0;
  for (const file of byPath.values()) {
    reclaimableBytes += file.reclaimableBytes;
    const kept: FileNode | null = top === null ? null : findNode(top, file.path);
    if (kept !== null && kept.kind !== 'dir') {
      file.copies.push({
        layer: kept.layer,
        bytes: kept.bytes,
        fate: 'kept',
        byLayer: null,
        heldByLink: null,
      });
    }
    file.copies.sort((a, b) => a.layer - b.layer);
  }
  const files = [...byPath.values()].sort(
    (a, b) =>
      b.reclaimableBytes - a.reclaimableBytes || compareKeys(a.path.join('/'), b.path.join('/')),
  );
  const stored = stack.reduce((sum, layer) => sum + layer.tree.apparentBytes, 0);
  return { files, reclaimableBytes, visibleBytes: stored - reclaimableBytes };
}
