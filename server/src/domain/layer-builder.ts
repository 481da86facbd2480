import { float64s, int32s, uint8s, uint16s, uint32s } from './growable.js';
import type { LayerEntry } from './layer-entry.js';
import { dirCode, kindCode } from './packed-format.js';
import { compareKeys, whiteoutTarget } from './tree-names.js';

/*
 * A layer's entries, as its tar lists them (or its directory holds them), gathered into a tree
 * before overlay's rules apply: ".wh.<name>" marks <name> deleted, ".wh..wh..opq" marks its
 * directory opaque, parents a tar leaves out are made up. Entries arrive one at a time and are
 * kept in flat arrays, so a layer of a million files never becomes a million objects.
 */

const opaqueMarker = '.wh..wh..opq';

/** What an entry's tar header (or lstat) says of it, apart from its path. */
export type EntryAttributes = Omit<LayerEntry, 'path'>;

export const rawFlag = { explicit: 1, whiteout: 2, opaque: 4 } as const;

/** The gathered tree: item 0 is the root; children of an item are sorted by name. */
export interface RawTree {
  count: number;
  name: string[];
  /** Kind code (packed-format.ts); made-up parents are directories. */
  kind: Uint8Array;
  /** rawFlag bits. */
  flags: Uint8Array;
  bytes: Float64Array;
  mode: Uint16Array;
  uid: Uint32Array;
  gid: Uint32Array;
  /** Link targets by item: few entries have one. */
  linkTarget: Map<number, string>;
  childStart: Int32Array;
  childCount: Int32Array;
  /** Item IDs, each item's children at childStart..childStart+childCount. */
  children: Int32Array;
}

export class LayerBuilder {
  readonly #parent = int32s();
  readonly #name: string[] = [];
  readonly #kind = uint8s();
  readonly #flags = uint8s();
  readonly #bytes = float64s();
  readonly #mode = uint16s();
  readonly #uid = uint32s();
  readonly #gid = uint32s();
  readonly #link = new Map<number, string>();
  readonly #dirs = new Map<string, number>([['', 0]]);

  /** Entries taken so far, whiteouts and markers included. */
  entries = 0;

  constructor() {
    this.#push(-1, '', dirCode);
  }

  #push(parent: number, name: string, kind: number): number {
    this.#name.push(name);
    this.#kind.push(kind);
    this.#flags.push(0);
    this.#bytes.push(0);
    this.#mode.push(0o755);
    this.#uid.push(0);
    this.#gid.push(0);
    return this.#parent.push(parent);
  }

  #mark(id: number, bit: number): void {
    this.#flags.set(id, this.#flags.get(id) | bit);
  }

  #has(id: number, bit: number): boolean {
    return (this.#flags.get(id) & bit) !== 0;
  }

  /** The directory at these segments, made up (with its parents) when not seen yet. */
  #dir(segments: readonly string[], length = segments.length): number {
    if (length === 0) return 0;
    const key = segments.slice(0, length).join('/');
    const known = this.#dirs.get(key);
    if (known !== undefined) return known;
    const parent = this.#dir(segments, length - 1);
    const id = this.#push(parent, segments[length - 1] as string, dirCode);
    this.#dirs.set(key, id);
    return id;
  }

  /** One entry by its path's key segments (tree-names.ts); the root itself is skipped. */
  add(segments: readonly string[], entry: EntryAttributes): void {
    this.entries++;
    const last = segments.length - 1;
    if (last < 0) return;
    const name = segments[last] as string;
    if (name === opaqueMarker) {
      this.#mark(this.#dir(segments, last), rawFlag.opaque);
      return;
    }
    const target = whiteoutTarget(name);
    // Other ".wh..wh." names are aufs bookkeeping (hard-link dirs), never files of the image.
    if (target !== null && name.startsWith('.wh..wh.')) return;
    const parent = this.#dir(segments, last);
    if (target !== null) {
      this.#mark(this.#push(parent, target, dirCode), rawFlag.whiteout);
      return;
    }
    const id =
      entry.kind === 'dir' ? this.#dir(segments) : this.#push(parent, name, kindCode[entry.kind]);
    this.#kind.set(id, kindCode[entry.kind]);
    this.#mark(id, rawFlag.explicit);
    this.#bytes.set(id, entry.kind === 'dir' ? 0 : entry.bytes);
    this.#mode.set(id, entry.mode & 0o7777);
    this.#uid.set(id, entry.uid);
    this.#gid.set(id, entry.gid);
    if (entry.linkTarget === null) this.#link.delete(id);
    else this.#link.set(id, entry.linkTarget);
  }

  /** Marks a directory opaque (overlay2 keeps the marker as an xattr, not as an entry). */
  markOpaque(segments: readonly string[]): void {
    this.#mark(this.#dir(segments), rawFlag.opaque);
  }

  /**
   * Children grouped and sorted; the same name twice in a directory (a tar may list a path
   * again) becomes one item: the last entry wins, as extracting the tar would leave it.
   */
  finish(): RawTree {
    const count = this.#parent.length;
    const parents = this.#parent.view();
    const childCount = new Int32Array(count);
    for (let id = 1; id < count; id++) {
      const parent = parents[id] as number;
      childCount[parent] = (childCount[parent] as number) + 1;
    }
    const childStart = new Int32Array(count);
    for (let id = 1; id < count; id++) {
      childStart[id] = (childStart[id - 1] as number) + (childCount[id - 1] as number);
    }
    const children = new Int32Array(Math.max(count - 1, 0));
    const fill = new Int32Array(count);
    for (let id = 1; id < count; id++) {
      const parent = parents[id] as number;
      children[(childStart[parent] as number) + (fill[parent] as number)] = id;
      fill[parent] = (fill[parent] as number) + 1;
    }
    const names = this.#name;
    for (let dir = 0; dir < count; dir++) {
      const size = childCount[dir] as number;
      if (size < 2) continue;
      const start = childStart[dir] as number;
      const group = children.subarray(start, start + size);
      // Ties keep arrival order, so the later entry of a name comes last.
      group.sort((a, b) => compareKeys(names[a] as string, names[b] as string) || a - b);
      childCount[dir] = this.#dedupe(group);
    }
    return {
      count,
      name: names,
      kind: this.#kind.view(),
      flags: this.#flags.view(),
      bytes: this.#bytes.view(),
      mode: this.#mode.view(),
      uid: this.#uid.view(),
      gid: this.#gid.view(),
      linkTarget: this.#link,
      childStart,
      childCount,
      children,
    };
  }

  /** Folds runs of one name into one item; returns the group's new length. */
  #dedupe(group: Int32Array): number {
    let out = 0;
    for (let i = 0; i < group.length; i++) {
      const id = group[i] as number;
      const previous = out > 0 ? (group[out - 1] as number) : -1;
      if (previous < 0 || this.#name[previous] !== this.#name[id]) {
        group[out++] = id;
        continue;
      }
      // Keep the item a made-up directory's children hang from; take the later entry's fields.
      const keep = this.#dirs.get(this.#pathOf(id)) === id ? id : previous;
      const drop = keep === id ? previous : id;
      this.#mark(keep, this.#flags.get(drop) & (rawFlag.whiteout | rawFlag.opaque));
      if (this.#has(id, rawFlag.explicit) && keep !== id) this.#copyEntry(id, keep);
      else if (!this.#has(keep, rawFlag.explicit) && this.#has(drop, rawFlag.explicit)) {
        this.#copyEntry(drop, keep);
      }
      group[out - 1] = keep;
    }
    return out;
  }

  #copyEntry(from: number, to: number): void {
    this.#kind.set(to, this.#kind.get(from));
    this.#mark(to, rawFlag.explicit);
    this.#bytes.set(to, this.#bytes.get(from));
    this.#mode.set(to, this.#mode.get(from));
    this.#uid.set(to, this.#uid.get(from));
    this.#gid.set(to, this.#gid.get(from));
    const link = this.#link.get(from);
    if (link === undefined) this.#link.delete(to);
    else this.#link.set(to, link);
  }

  #pathOf(id: number): string {
    const parts: string[] = [];
    for (let at = id; at > 0; at = this.#parent.get(at)) parts.push(this.#name[at] as string);
    return parts.reverse().join('/');
  }
}

/** Builds from whole entries (tests, small layers). */
export function gatherEntries(entries: Iterable<LayerEntry>): RawTree {
  const builder = new LayerBuilder();
  for (const entry of entries) builder.add(entry.path === '' ? [] : entry.path.split('/'), entry);
  return builder.finish();
}
