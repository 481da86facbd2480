import { float64s, int32s, uint8s, uint16s, uint32s } from './growable.js';
import {
  allocatePacked,
  dirCode,
  flag,
  openPacked,
  type PackedLayer,
  type PackedMeta,
} from './packed-layer.js';

/*
 * Numbered nodes of a stacked layer as they come, then packed: the aggregates summed bottom
 * up (children are numbered after their parents, so one backwards pass does it) and each
 * directory's children ordered by size once, so that a sorted page is a slice.
 */

export interface NodeFields {
  kind: number;
  flags: number;
  bytes: number;
  /** Merged bytes below that the node replaces (kept only when it does not merge). */
  replaced: number;
  mode: number;
  uid: number;
  gid: number;
  link: string | null;
  /** The merged figures of the entry the node covers below; null when it covers nothing. */
  below: { apparent: number; files: number } | null;
}

export class NodeColumns {
  readonly kind = uint8s();
  readonly flags = uint8s();
  readonly bytes = float64s();
  readonly replaced = float64s();
  readonly mode = uint16s();
  readonly uid = uint32s();
  readonly gid = uint32s();
  readonly link = new Map<number, string>();
  readonly parent = int32s();
  readonly firstChild = uint32s();
  readonly childCount = uint32s();
  /** The merged figures of what each node covers below; -1: nothing. */
  readonly lowerApparent = float64s();
  readonly lowerFiles = float64s();
  readonly nameEnd = uint32s();
  #names = new Uint8Array(1 << 16);
  #nameLength = 0;

  get count(): number {
    return this.parent.length;
  }

  push(parent: number, name: Uint8Array, fields: NodeFields): number {
    if (this.#nameLength + name.length > this.#names.length) {
      const grown = new Uint8Array(
        Math.max(this.#names.length * 2, this.#nameLength + name.length),
      );
      grown.set(this.#names.subarray(0, this.#nameLength));
      this.#names = grown;
    }
    this.#names.set(name, this.#nameLength);
    this.#nameLength += name.length;
    this.nameEnd.push(this.#nameLength);
    this.kind.push(fields.kind);
    this.flags.push(fields.flags);
    this.bytes.push(fields.bytes);
    this.replaced.push(fields.replaced);
    this.mode.push(fields.mode);
    this.uid.push(fields.uid);
    this.gid.push(fields.gid);
    this.firstChild.push(0);
    this.childCount.push(0);
    this.lowerApparent.push(fields.below?.apparent ?? -1);
    this.lowerFiles.push(fields.below?.files ?? 0);
    const id = this.parent.push(parent);
    if (fields.link !== null) this.link.set(id, fields.link);
    return id;
  }

  get names(): Uint8Array {
    return this.#names.subarray(0, this.#nameLength);
  }
}

const deletedBits = flag.deletedByWhiteout | flag.deletedByOpaque;

export function packNodes(
  nodes: NodeColumns,
  meta: Omit<PackedMeta, 'nodeCount' | 'nameBytes' | 'linkBytes'>,
): PackedLayer {
  const n = nodes.count;
  const encoder = new TextEncoder();
  const links = new Map([...nodes.link].map(([id, link]) => [id, encoder.encode(link)]));
  let linkBytes = 0;
  for (const link of links.values()) linkBytes += link.length;
  const { buffer, columns } = allocatePacked({
    ...meta,
    nodeCount: n,
    nameBytes: nodes.names.length,
    linkBytes,
  });
  const { bytes, apparent, deleted, replaced, mergedApparent } = columns.float64;
  const u32 = columns.uint32;
  const { fileCount, mergedFileCount, sizeOrder, firstChild, childCount } = u32;
  columns.names.set(nodes.names);
  bytes.set(nodes.bytes.view());
  replaced.set(nodes.replaced.view());
  u32.nameEnd.set(nodes.nameEnd.view());
  firstChild.set(nodes.firstChild.view());
  childCount.set(nodes.childCount.view());
  u32.uid.set(nodes.uid.view());
  u32.gid.set(nodes.gid.view());
  columns.mode.set(nodes.mode.view());
  columns.kind.set(nodes.kind.view());
  columns.flags.set(nodes.flags.view());
  let linkAt = 0;
  for (let i = 0; i < n; i++) {
    const link = links.get(i);
    if (link !== undefined) {
      columns.links.set(link, linkAt);
      linkAt += link.length;
    }
    u32.linkEnd[i] = linkAt;
  }

  // What the children add up to, and what the entries they cover below added up to.
  const lowerApparent = nodes.lowerApparent.view();
  const lowerFilesOf = nodes.lowerFiles.view();
  const parents = nodes.parent.view();
  const flagsOf = columns.flags;
  const childMerged = new Float64Array(n);
  const childMergedFiles = new Float64Array(n);
  const childLower = new Float64Array(n);
  const childLowerFiles = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const flags = flagsOf[i] as number;
    const isDeleted = (flags & deletedBits) !== 0;
    const isDir = columns.kind[i] === dirCode;
    if (isDeleted) deleted[i] = (deleted[i] as number) + (replaced[i] as number);
    else if (!isDir) {
      apparent[i] = (apparent[i] as number) + (bytes[i] as number);
      fileCount[i] = (fileCount[i] as number) + 1;
    }
    if (!isDeleted) {
      const mergesBelow = (flags & flag.merged) !== 0 && (flags & flag.opaque) === 0;
      const lower = mergesBelow ? (lowerApparent[i] as number) - (childLower[i] as number) : 0;
      const lowerFiles = mergesBelow
        ? (lowerFilesOf[i] as number) - (childLowerFiles[i] as number)
        : 0;
      mergedApparent[i] = isDir ? (childMerged[i] as number) + lower : (bytes[i] as number);
      mergedFileCount[i] = isDir ? (childMergedFiles[i] as number) + lowerFiles : 1;
    }
    const parent = parents[i] as number;
    if (parent < 0) continue;
    apparent[parent] = (apparent[parent] as number) + (apparent[i] as number);
    fileCount[parent] = (fileCount[parent] as number) + (fileCount[i] as number);
    deleted[parent] = (deleted[parent] as number) + (deleted[i] as number);
    if (!isDeleted) {
      childMerged[parent] = (childMerged[parent] as number) + (mergedApparent[i] as number);
      childMergedFiles[parent] =
        (childMergedFiles[parent] as number) + (mergedFileCount[i] as number);
    }
    if ((lowerApparent[i] as number) >= 0) {
      childLower[parent] = (childLower[parent] as number) + (lowerApparent[i] as number);
      childLowerFiles[parent] = (childLowerFiles[parent] as number) + (lowerFilesOf[i] as number);
    }
  }

  // Size: the bytes an entry keeps, or for a deleted one the bytes it removes; ties by name.
  const sizeOf = (i: number) => (apparent[i] as number) || (deleted[i] as number);
  for (let i = 0; i < n; i++) {
    const count = childCount[i] as number;
    const first = firstChild[i] as number;
    for (let k = 0; k < count; k++) sizeOrder[first + k] = first + k;
    if (count > 1) {
      sizeOrder.subarray(first, first + count).sort((a, b) => sizeOf(b) - sizeOf(a) || a - b);
    }
  }
  return openPacked(buffer, false);
}
