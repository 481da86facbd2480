import { MergedView, type Refs } from './merged-view.js';
import { flag, type PackedLayer } from './packed-layer.js';
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

export type WasteFate = 'overwritten' | 'deleted' | 'hidden';

/** One copy of a file that a later layer overwrote or deleted: bytes no container ever sees. */
export interface WasteCopy {
  /** Key segments of the file's path. */
  path: string[];
  layer: number;
  bytes: number;
  fate: WasteFate;
  byLayer: number;
}

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
  /** Per layer: bytes below it that it overwrote, and that it deleted or hid. */
  layers: { replacedBytes: number; deletedBytes: number }[];
}

const encoder = new TextEncoder();
const toBytes = (path: readonly string[]) => path.map((key) => encoder.encode(key));

/** The copies layer `n` makes unreachable: what it deletes, hides or replaces below it. */
export function* lostCopies(stack: readonly PackedLayer[], n: number): Generator<WasteCopy> {
  if (n === 0) return;
  const packed = stack[n] as PackedLayer;
  const lower = new MergedView(stack.slice(0, n));
  const lose = function* (refs: Refs | null, path: string[], fate: WasteFate) {
    if (refs === null) return;
    for (const file of lower.filesUnder(refs, path)) {
      const bytes = lower.packed(file.layer).f64('bytes', file.node);
      if (bytes > 0) yield { path: file.path, layer: file.layer, bytes, fate, byLayer: n };
    }
  };
  // Only directories that merge with one below can hold entries that cover something.
  const walk = function* (dir: number, refs: Refs, path: string[]): Generator<WasteCopy> {
    const opaque = packed.has(dir, flag.opaque);
    const first = packed.firstChild(dir);
    for (let node = first; node < first + packed.childCount(dir); node++) {
      if (!packed.has(node, flag.modified)) continue;
      const name = packed.name(node);
      const gone = lower.child(refs, packed.nameBytes(node));
      const at = [...path, name];
      if (packed.has(node, flag.deletedByWhiteout)) yield* lose(gone, at, 'deleted');
      else if (packed.has(node, flag.deletedByOpaque)) yield* lose(gone, at, 'hidden');
      else if (!packed.has(node, flag.merged))
        yield* lose(gone, at, opaque ? 'hidden' : 'overwritten');
      else if (gone !== null) yield* walk(node, gone, at);
    }
  };
  yield* walk(0, lower.root(), []);
}

/** Hard links of a layer: target path → the paths linking to it. */
function hardLinks(packed: PackedLayer): Map<string, string[][]> {
  const links = new Map<string, string[][]>();
  const walk = (dir: number, path: string[]) => {
    const first = packed.firstChild(dir);
    for (let node = first; node < first + packed.childCount(dir); node++) {
      if (packed.isDeleted(node)) continue;
      if (packed.isDir(node)) walk(node, [...path, packed.name(node)]);
      else if (packed.kind(node) === 'hardlink') {
        const target = (packed.linkTarget(node) ?? '')
          .split('/')
          .filter((part) => part !== '' && part !== '.')
          .join('/');
        links.set(target, [...(links.get(target) ?? []), [...path, packed.name(node)]]);
      }
    }
  };
  walk(0, []);
  return links;
}

export function summarizeWaste(stack: readonly PackedLayer[]): WasteSummary {
  const top = stack.length === 0 ? null : new MergedView(stack);
  const topNode = (path: readonly string[]) => {
    const refs = top?.find(toBytes(path)) ?? null;
    if (top === null || refs === null) return null;
    return { packed: top.packed(refs[0] as number), node: refs[1] as number };
  };
  const linksByLayer = new Map<number, Map<string, string[][]>>();
  const visibleLink = (layer: number, target: string): string[] | null => {
    let links = linksByLayer.get(layer);
    if (links === undefined) {
      links = hardLinks(stack[layer] as PackedLayer);
      linksByLayer.set(layer, links);
    }
    for (const path of links.get(target) ?? []) {
      const shown = topNode(path);
      if (shown?.packed.kind(shown.node) === 'hardlink' && shown.packed.layer === layer)
        return path;
    }
    return null;
  };
  const byPath = new Map<string, WastedFile>();
  const layers = stack.map(() => ({ replacedBytes: 0, deletedBytes: 0 }));
  for (let n = 1; n < stack.length; n++) {
    const lost = layers[n] as (typeof layers)[number];
    for (const copy of lostCopies(stack, n)) {
      if (copy.fate === 'overwritten') lost.replacedBytes += copy.bytes;
      else lost.deletedBytes += copy.bytes;
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
    const kept = topNode(file.path);
    if (kept !== null && !kept.packed.isDir(kept.node)) {
      file.copies.push({
        layer: kept.packed.layer,
        bytes: kept.packed.f64('bytes', kept.node),
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
  const stored = stack.reduce((sum, layer) => sum + layer.f64('apparent', 0), 0);
  return { files, reclaimableBytes, visibleBytes: stored - reclaimableBytes, layers };
}
