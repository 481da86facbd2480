import {
  dirCode,
  fileKinds,
  type Float64Column,
  flag,
  type PackedColumns,
  PackedFormatError,
  type PackedMeta,
  readPacked,
  type Uint32Column,
} from './packed-format.js';
import type { FileKind } from './layer-entry.js';

/*
 * Read access to a packed layer (packed-format.ts): names, kinds, flags and figures by node,
 * children by name (binary search) or by size.
 */

export {
  allocatePacked,
  checksumOffset,
  dirCode,
  fileKinds,
  flag,
  kindCode,
  type PackedMeta,
  PackedFormatError,
  packedFormatVersion,
} from './packed-format.js';

/**
 * A packed layer over `buffer`, checked: throws PackedFormatError. The checksum is checked by
 * whoever read the file; `verify` false skips the walk over every node, for a buffer this
 * process made or checked.
 */
export function openPacked(buffer: ArrayBufferLike, verify = true): PackedLayer {
  const { meta, columns } = readPacked(buffer);
  const packed = new PackedLayer(buffer, meta, columns);
  if (verify) packed.check();
  return packed;
}

/** Read access to one stacked layer. Node 0 is the root. */
export class PackedLayer {
  readonly size: number;
  readonly #nameEnd: Uint32Array;
  readonly #names: Uint8Array;
  readonly #decoder = new TextDecoder();

  constructor(
    readonly buffer: ArrayBufferLike,
    readonly meta: PackedMeta,
    readonly columns: PackedColumns,
  ) {
    this.size = meta.nodeCount;
    this.#nameEnd = columns.uint32.nameEnd;
    this.#names = columns.names;
  }

  get layer(): number {
    return this.meta.layer;
  }

  /** Bounds and ordering, so that a damaged buffer fails here and not in a walk. */
  check(): void {
    const { firstChild, childCount, nameEnd, linkEnd, sizeOrder } = this.columns.uint32;
    let names = 0;
    let links = 0;
    for (let i = 0; i < this.size; i++) {
      const nameStop = nameEnd[i] as number;
      const linkStop = linkEnd[i] as number;
      if (nameStop < names || linkStop < links || (this.columns.kind[i] as number) >= 7) {
        throw new PackedFormatError(`bad node ${i}`);
      }
      names = nameStop;
      links = linkStop;
      const count = childCount[i] as number;
      const first = firstChild[i] as number;
      if (count > 0 && (first <= i || first + count > this.size)) {
        throw new PackedFormatError(`bad children of node ${i}`);
      }
      for (let j = first; j < first + count; j++) {
        const child = sizeOrder[j] as number;
        if (child < first || child >= first + count) throw new PackedFormatError('bad order');
      }
    }
    if (names !== this.columns.names.length || links !== this.columns.links.length) {
      throw new PackedFormatError('bad string tables');
    }
  }

  nameStart(node: number): number {
    return node === 0 ? 0 : (this.#nameEnd[node - 1] as number);
  }

  nameEnd(node: number): number {
    return this.#nameEnd[node] as number;
  }

  /** The name's bytes: the UTF-8 of its key (tree-names.ts). */
  nameBytes(node: number): Uint8Array {
    return this.#names.subarray(this.nameStart(node), this.#nameEnd[node] as number);
  }

  /** The name's key (tree-names.ts). */
  name(node: number): string {
    return this.#decoder.decode(this.nameBytes(node));
  }

  #plainNames: string | null | undefined;

  /**
   * All names as one lower-case string, when every name is printable ASCII (the usual case):
   * then a name's bytes are its characters, and search reads slices of it instead of decoding
   * a million names one by one. Null when some name is not; made on first use.
   */
  plainLowerNames(): string | null {
    if (this.#plainNames === undefined) {
      const names = this.#names;
      let plain = true;
      for (let i = 0; i < names.length; i++) {
        const byte = names[i] as number;
        // Backslash and control characters are shown escaped; bytes ≥ 0x80 are not ASCII.
        if (byte < 0x20 || byte >= 0x7f || byte === 0x5c) {
          plain = false;
          break;
        }
      }
      this.#plainNames = plain
        ? Buffer.from(names.buffer, names.byteOffset, names.length).toString('latin1').toLowerCase()
        : null;
    }
    return this.#plainNames;
  }

  linkTarget(node: number): string | null {
    const { linkEnd } = this.columns.uint32;
    const end = linkEnd[node] as number;
    const start = node === 0 ? 0 : (linkEnd[node - 1] as number);
    const kind = this.kind(node);
    if (kind !== 'symlink' && kind !== 'hardlink') return null;
    return this.#decoder.decode(this.columns.links.subarray(start, end));
  }

  kind(node: number): FileKind {
    return fileKinds[this.columns.kind[node] as number] as FileKind;
  }

  isDir(node: number): boolean {
    return this.columns.kind[node] === dirCode;
  }

  flags(node: number): number {
    return this.columns.flags[node] as number;
  }

  has(node: number, bit: number): boolean {
    return ((this.columns.flags[node] as number) & bit) !== 0;
  }

  isDeleted(node: number): boolean {
    return this.has(node, flag.deletedByWhiteout | flag.deletedByOpaque);
  }

  /** The merged view goes on to the layers below at this directory. */
  mergesBelow(node: number): boolean {
    return this.has(node, flag.merged) && !this.has(node, flag.opaque);
  }

  firstChild(node: number): number {
    return this.columns.uint32.firstChild[node] as number;
  }

  childCount(node: number): number {
    return this.columns.uint32.childCount[node] as number;
  }

  /** Children biggest first (layer view), ties by name: the k-th of node's children. */
  bySize(node: number, k: number): number {
    return this.columns.uint32.sizeOrder[this.firstChild(node) + k] as number;
  }

  f64(column: Float64Column, node: number): number {
    return this.columns.float64[column][node] as number;
  }

  u32(column: Uint32Column, node: number): number {
    return this.columns.uint32[column][node] as number;
  }

  mode(node: number): number {
    return this.columns.mode[node] as number;
  }

  /** The child of `node` with these name bytes, or -1 (binary search: children are sorted). */
  child(node: number, name: Uint8Array): number {
    let low = this.firstChild(node);
    let high = low + this.childCount(node) - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = compareBytes(
        this.#names,
        this.nameStart(mid),
        this.#nameEnd[mid] as number,
        name,
      );
      if (order === 0) return mid;
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The node at a path of name bytes, deleted ones included; -1 when there is none. */
  find(path: readonly Uint8Array[]): number {
    let node = 0;
    for (const name of path) {
      node = this.child(node, name);
      if (node < 0) return -1;
    }
    return node;
  }
}

/** table[start..end) against other, as bytes. */
export function compareBytes(
  table: Uint8Array,
  start: number,
  end: number,
  other: Uint8Array,
): number {
  const length = Math.min(end - start, other.length);
  for (let i = 0; i < length; i++) {
    const diff = (table[start + i] as number) - (other[i] as number);
    if (diff !== 0) return diff;
  }
  return end - start - other.length;
}
