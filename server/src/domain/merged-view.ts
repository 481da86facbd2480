import { type PackedLayer, compareBytes } from './packed-layer.js';

/*
 * The merged tree a container sees through layer N, read from the stacked layers 0..N without
 * ever being built: a path's entry is the topmost layer's, and a directory lists what its layers
 * hold there, from the top down, until one that does not merge with the layers below (opaque,
 * or put over something that was not a directory). A deleted entry hides the name below it.
 * Each layer stores the merged figures of the directories it touches, so nothing is summed here.
 */

/**
 * Where one path of the merged tree lives: pairs of (layer index, node), topmost first. The
 * first pair is the entry itself; the others are the directories below it merges with.
 */
export type Refs = readonly number[];

export interface MergedChild {
  refs: Refs;
  /** Layer index and node of the entry itself (the topmost pair). */
  layer: number;
  node: number;
}

export class MergedView {
  /** `layers[i]` is layer i; the view is through the last one. */
  constructor(readonly layers: readonly PackedLayer[]) {}

  get top(): number {
    return this.layers.length - 1;
  }

  packed(layer: number): PackedLayer {
    return this.layers[layer] as PackedLayer;
  }

  /** The root's refs: the top layer's root and every root below it merges with. */
  root(): Refs {
    const refs: number[] = [];
    for (let layer = this.top; layer >= 0; layer--) {
      refs.push(layer, 0);
      if (!this.packed(layer).mergesBelow(0)) break;
    }
    return refs;
  }

  /** The visible child of a directory by name bytes; null when there is none or it is deleted. */
  child(refs: Refs, name: Uint8Array): Refs | null {
    const out: number[] = [];
    for (let i = 0; i < refs.length; i += 2) {
      const layer = refs[i] as number;
      const packed = this.packed(layer);
      const node = packed.child(refs[i + 1] as number, name);
      if (node < 0) continue;
      if (packed.isDeleted(node)) break;
      out.push(layer, node);
      if (!packed.isDir(node) || !packed.mergesBelow(node)) break;
    }
    return out.length === 0 ? null : out;
  }

  /** The refs at a path of name bytes, from the root; null when it is not visible. */
  find(path: readonly Uint8Array[]): Refs | null {
    let refs: Refs | null = this.root();
    for (const name of path) {
      if (refs === null || !this.packed(refs[0] as number).isDir(refs[1] as number)) return null;
      refs = this.child(refs, name);
    }
    return refs;
  }

  /**
   * The visible children of a directory in name order: the layers' sorted lists merged, the
   * topmost entry of each name taken, deleted ones left out.
   */
  *children(refs: Refs): Generator<MergedChild> {
    const count = refs.length / 2;
    if (count === 1) {
      // A directory no lower layer shares: its children cannot merge with any either.
      const layer = refs[0] as number;
      const packed = this.packed(layer);
      const first = packed.firstChild(refs[1] as number);
      const stop = first + packed.childCount(refs[1] as number);
      for (let node = first; node < stop; node++) {
        if (!packed.isDeleted(node)) yield { refs: [layer, node], layer, node };
      }
      return;
    }
    const next = new Array<number>(count);
    const end = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      const packed = this.packed(refs[i * 2] as number);
      const dir = refs[i * 2 + 1] as number;
      next[i] = packed.firstChild(dir);
      end[i] = (next[i] as number) + packed.childCount(dir);
    }
    for (;;) {
      // The smallest name at the head of any list, and the topmost list holding it.
      let best = -1;
      let bestStart = 0;
      let bestEnd = 0;
      for (let i = 0; i < count; i++) {
        if ((next[i] as number) >= (end[i] as number)) continue;
        const packed = this.packed(refs[i * 2] as number);
        const node = next[i] as number;
        const start = packed.nameStart(node);
        const stop = packed.nameEnd(node);
        if (best >= 0) {
          const bestPacked = this.packed(refs[best * 2] as number);
          const order = compareBytes(
            bestPacked.columns.names,
            bestStart,
            bestEnd,
            packed.columns.names.subarray(start, stop),
          );
          if (order <= 0) continue;
        }
        best = i;
        bestStart = start;
        bestEnd = stop;
      }
      if (best < 0) return;
      const name = this.packed(refs[best * 2] as number).nameBytes(next[best] as number);
      const childRefs: number[] = [];
      let hidden = false;
      for (let i = best; i < count; i++) {
        const packed = this.packed(refs[i * 2] as number);
        const node = next[i] as number;
        if (node >= (end[i] as number)) continue;
        const order = compareBytes(
          packed.columns.names,
          packed.nameStart(node),
          packed.nameEnd(node),
          name,
        );
        if (order !== 0) continue;
        next[i] = node + 1;
        if (hidden) continue;
        const taken = childRefs.length > 0;
        const lastLayer = childRefs[childRefs.length - 2];
        const lastNode = childRefs[childRefs.length - 1];
        // Below an entry that does not merge, the names of lower layers are covered by it.
        if (taken && !this.packed(lastLayer as number).mergesBelow(lastNode as number)) continue;
        if (packed.isDeleted(node)) {
          hidden = true;
          continue;
        }
        if (taken && !packed.isDir(node)) continue;
        childRefs.push(refs[i * 2] as number, node);
        if (!packed.isDir(node)) hidden = true;
      }
      if (childRefs.length > 0) {
        yield { refs: childRefs, layer: childRefs[0] as number, node: childRefs[1] as number };
      }
    }
  }

  /** Whether a directory has any visible child. */
  hasChildren(refs: Refs): boolean {
    for (const child of this.children(refs)) {
      if (child) return true;
    }
    return false;
  }

  /** Every visible non-directory at and under refs, with its path below `path`. */
  *filesUnder(
    refs: Refs,
    path: string[],
  ): Generator<{ path: string[]; layer: number; node: number }> {
    const layer = refs[0] as number;
    const node = refs[1] as number;
    if (!this.packed(layer).isDir(node)) {
      yield { path, layer, node };
      return;
    }
    for (const child of this.children(refs)) {
      yield* this.filesUnder(child.refs, [...path, this.packed(child.layer).name(child.node)]);
    }
  }
}
