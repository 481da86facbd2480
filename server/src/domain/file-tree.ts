import { gatherEntries, type RawTree, rawFlag } from './layer-builder.js';
import type { LayerEntry } from './layer-entry.js';
import { NodeColumns, type NodeFields, packNodes } from './layer-pack.js';
import { type MergedChild, MergedView, type Refs } from './merged-view.js';
import { dirCode, flag, kindCode, type PackedLayer, type PackedMeta } from './packed-layer.js';

/*
 * A layer's tree marked against the layers below it, with overlay's rules (the OCI image spec,
 * "Representing changes"): ".wh.<name>" deletes <name> from the layers below, ".wh..wh..opq"
 * hides everything the layers below have in that directory, a directory over a directory
 * merges, anything else replaces. The one place these rules live: listings, search, waste and
 * duplicates all read the packed layers made here.
 */

export type Change = 'added' | 'modified' | 'deleted';

export function changeOf(packed: PackedLayer, node: number): Change {
  if (packed.isDeleted(node)) return 'deleted';
  return packed.has(node, flag.modified) ? 'modified' : 'added';
}

export function deletedByOf(packed: PackedLayer, node: number): 'whiteout' | 'opaque' | null {
  if (packed.has(node, flag.deletedByWhiteout)) return 'whiteout';
  return packed.has(node, flag.deletedByOpaque) ? 'opaque' : null;
}

/** What a layer's entry covers below it: the merged view's entry at the same path. */
interface Covered {
  fields: NodeFields['below'] & object;
  kind: number;
  mode: number;
  uid: number;
  gid: number;
  link: string | null;
  isDir: boolean;
  refs: Refs;
}

function covered(view: MergedView, refs: Refs | null): Covered | null {
  if (refs === null) return null;
  const packed = view.packed(refs[0] as number);
  const node = refs[1] as number;
  return {
    fields: {
      apparent: packed.f64('mergedApparent', node),
      files: packed.u32('mergedFileCount', node),
    },
    kind: packed.columns.kind[node] as number,
    mode: packed.mode(node),
    uid: packed.u32('uid', node),
    gid: packed.u32('gid', node),
    link: packed.linkTarget(node),
    isDir: packed.isDir(node),
    refs,
  };
}

export type StackMeta = Omit<PackedMeta, 'nodeCount' | 'nameBytes' | 'linkBytes'>;

const encoder = new TextEncoder();

/** Lays one layer (its gathered entries) over the merged view of the layers below it. */
export function stackLayer(raw: RawTree, below: MergedView | null, meta: StackMeta): PackedLayer {
  const nodes = new NodeColumns();
  const has = (item: number, bit: number) => ((raw.flags[item] as number) & bit) !== 0;
  const isOpaque = (item: number) => has(item, rawFlag.opaque);
  const root = below === null ? null : covered(below, below.root());
  nodes.push(-1, new Uint8Array(), {
    kind: dirCode,
    flags: (root ? flag.modified | flag.merged : 0) | (isOpaque(0) ? flag.opaque : 0),
    bytes: 0,
    replaced: 0,
    mode: root?.mode ?? 0o755,
    uid: root?.uid ?? 0,
    gid: root?.gid ?? 0,
    link: null,
    below: root?.fields ?? null,
  });
  // Directories whose children to number next, breadth first, with what each merges with.
  const queue: { node: number; item: number; lower: Refs | null }[] = [
    { node: 0, item: 0, lower: root?.refs ?? null },
  ];

  const deleted = (parent: number, name: Uint8Array, gone: Covered | null, by: number) =>
    nodes.push(parent, name, {
      kind: gone?.kind ?? kindCode.file,
      flags: by | (gone ? flag.modified : 0),
      bytes: 0,
      replaced: gone?.fields.apparent ?? 0,
      mode: gone?.mode ?? 0,
      uid: gone?.uid ?? 0,
      gid: gone?.gid ?? 0,
      link: gone?.link ?? null,
      below: gone?.fields ?? null,
    });

  const entry = (
    parent: number,
    item: number,
    name: Uint8Array,
    gone: Covered | null,
    inOpaque: boolean,
  ) => {
    const count = raw.childCount[item] as number;
    if (has(item, rawFlag.whiteout) && !has(item, rawFlag.explicit) && count === 0) {
      deleted(parent, name, gone, flag.deletedByWhiteout);
      return;
    }
    const explicit = has(item, rawFlag.explicit);
    const kind = raw.kind[item] as number;
    const isDir = kind === dirCode;
    const merges = isDir && !inOpaque && gone !== null && gone.isDir;
    const id = nodes.push(parent, name, {
      kind,
      flags:
        (gone ? flag.modified : 0) |
        (explicit ? flag.explicit : 0) |
        (merges ? flag.merged : 0) |
        (isDir && isOpaque(item) ? flag.opaque : 0),
      bytes: explicit && !isDir ? (raw.bytes[item] as number) : 0,
      replaced: merges ? 0 : (gone?.fields.apparent ?? 0),
      // A directory the tar names only as a parent keeps what the layer below had.
      mode: explicit ? (raw.mode[item] as number) : (gone?.mode ?? 0o755),
      uid: explicit ? (raw.uid[item] as number) : (gone?.uid ?? 0),
      gid: explicit ? (raw.gid[item] as number) : (gone?.gid ?? 0),
      link: explicit ? (raw.linkTarget.get(item) ?? null) : null,
      below: gone?.fields ?? null,
    });
    if (isDir && (count > 0 || isOpaque(item))) {
      queue.push({ node: id, item, lower: merges ? (gone as Covered).refs : null });
    }
  };

  for (let head = 0; head < queue.length; head++) {
    const { node, item, lower } = queue[head] as (typeof queue)[number];
    const opaque = isOpaque(item);
    const first = nodes.count;
    const start = raw.childStart[item] as number;
    const stop = start + (raw.childCount[item] as number);
    if (below !== null && lower !== null && opaque) {
      // Everything below that the layer does not list again is hidden by it, in name order.
      const hidden = below.children(lower);
      let next = hidden.next();
      const nameOf = (child: MergedChild) => below.packed(child.layer).nameBytes(child.node);
      for (let k = start; k < stop; k++) {
        const child = raw.children[k] as number;
        const name = encoder.encode(raw.name[child] as string);
        while (!next.done && compare(nameOf(next.value), name) < 0) {
          deleted(node, nameOf(next.value), covered(below, next.value.refs), flag.deletedByOpaque);
          next = hidden.next();
        }
        let same: Refs | null = null;
        if (!next.done && compare(nameOf(next.value), name) === 0) {
          same = next.value.refs;
          next = hidden.next();
        }
        entry(node, child, name, covered(below, same), true);
      }
      for (; !next.done; next = hidden.next()) {
        deleted(node, nameOf(next.value), covered(below, next.value.refs), flag.deletedByOpaque);
      }
    } else {
      for (let k = start; k < stop; k++) {
        const child = raw.children[k] as number;
        const name = encoder.encode(raw.name[child] as string);
        const gone =
          below === null || lower === null ? null : covered(below, below.child(lower, name));
        entry(node, child, name, gone, opaque);
      }
    }
    nodes.firstChild.set(node, first);
    nodes.childCount.set(node, nodes.count - first);
  }
  return packNodes(nodes, meta);
}

/** Every layer of an image stacked, bottom first, from whole entry lists (tests, small images). */
export function stackImage(layers: readonly (readonly LayerEntry[])[]): PackedLayer[] {
  const stack: PackedLayer[] = [];
  for (const [layer, entries] of layers.entries()) {
    const below = layer === 0 ? null : new MergedView([...stack]);
    const chainId = `sha256:${layer.toString(16).padStart(64, '0')}`;
    stack.push(
      stackLayer(gatherEntries(entries), below, {
        chainId,
        layer,
        source: 'tar-split',
        opaqueProblem: null,
      }),
    );
  }
  return stack;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}
