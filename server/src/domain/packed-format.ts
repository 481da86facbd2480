import type { FileKind } from './layer-entry.js';

/*
 * The format of a packed layer (packed-layer.ts reads it): one stacked layer as flat typed
 * arrays over a single buffer, the layer's own tree with each entry marked against the layers
 * below, plus what the merged view needs at each directory it touches. About 80 bytes and the
 * name per entry, where JS objects took several hundred, and the same bytes are the file on
 * disk (versioned, with a checksum), so loading is one read and no parsing.
 *
 * Nodes are numbered breadth first from the root (0): the children of a directory are
 * consecutive, sorted by name (UTF-8 bytes, as Go sorts), and always numbered after their
 * parent, so no walk can loop even over a damaged buffer that passed the checks.
 */

export const packedFormatVersion = 1;
const magic = 'FPLAYER1';
const headerBytes = 24;

export const fileKinds: readonly FileKind[] = [
  'file',
  'dir',
  'symlink',
  'hardlink',
  'char-device',
  'block-device',
  'fifo',
];
export const kindCode = Object.fromEntries(fileKinds.map((kind, code) => [kind, code])) as Record<
  FileKind,
  number
>;
export const dirCode = kindCode.dir;

/** Node flags. A node is deleted when either deleted bit is set. */
export const flag = {
  deletedByWhiteout: 1,
  deletedByOpaque: 2,
  /** Replaces or merges with an entry of the layers below (else it is new). */
  modified: 4,
  opaque: 8,
  /** The tar (or the directory) had this entry; else it is only a parent of one. */
  explicit: 16,
  /** A directory over a directory below, not under an opaque one: the two merge. */
  merged: 32,
} as const;

export interface PackedMeta {
  chainId: string;
  /** Index of the layer in its stack, bottom 0. */
  layer: number;
  source: 'tar-split' | 'layer-directory';
  /**
   * Set when the layer was read from its directory and overlay's opaque-directory markers (an
   * xattr) could not be read, and why: a directory that hides the layers below may not be
   * marked as such.
   */
  opaqueProblem: string | null;
  nodeCount: number;
  nameBytes: number;
  linkBytes: number;
}

const float64Columns = ['bytes', 'apparent', 'deleted', 'replaced', 'mergedApparent'] as const;
const uint32Columns = [
  'nameEnd',
  'linkEnd',
  'firstChild',
  'childCount',
  'sizeOrder',
  'fileCount',
  'mergedFileCount',
  'uid',
  'gid',
] as const;

export type Float64Column = (typeof float64Columns)[number];
export type Uint32Column = (typeof uint32Columns)[number];

export interface PackedColumns {
  float64: Record<Float64Column, Float64Array>;
  uint32: Record<Uint32Column, Uint32Array>;
  mode: Uint16Array;
  kind: Uint8Array;
  flags: Uint8Array;
  names: Uint8Array;
  links: Uint8Array;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Where each column lives in a buffer holding `meta`. */
function layout(
  metaLength: number,
  meta: Pick<PackedMeta, 'nodeCount' | 'nameBytes' | 'linkBytes'>,
) {
  const n = meta.nodeCount;
  let at = align8(headerBytes + metaLength);
  const place = (bytes: number) => {
    const start = at;
    at = align8(at + bytes);
    return start;
  };
  const float64 = Object.fromEntries(float64Columns.map((c) => [c, place(n * 8)]));
  const uint32 = Object.fromEntries(uint32Columns.map((c) => [c, place(n * 4)]));
  const mode = place(n * 2);
  const kind = place(n);
  const flags = place(n);
  const names = place(meta.nameBytes);
  const links = place(meta.linkBytes);
  return { float64, uint32, mode, kind, flags, names, links, total: at } as const;
}

function views(buffer: ArrayBufferLike, metaLength: number, meta: PackedMeta): PackedColumns {
  const at = layout(metaLength, meta);
  const n = meta.nodeCount;
  return {
    float64: Object.fromEntries(
      float64Columns.map((c) => [c, new Float64Array(buffer, at.float64[c], n)]),
    ) as PackedColumns['float64'],
    uint32: Object.fromEntries(
      uint32Columns.map((c) => [c, new Uint32Array(buffer, at.uint32[c], n)]),
    ) as PackedColumns['uint32'],
    mode: new Uint16Array(buffer, at.mode, n),
    kind: new Uint8Array(buffer, at.kind, n),
    flags: new Uint8Array(buffer, at.flags, n),
    names: new Uint8Array(buffer, at.names, meta.nameBytes),
    links: new Uint8Array(buffer, at.links, meta.linkBytes),
  };
}

/** A new zeroed buffer for `meta`, its header written, and the columns to fill. */
export function allocatePacked(meta: PackedMeta): {
  buffer: SharedArrayBuffer;
  columns: PackedColumns;
} {
  const metaJson = new TextEncoder().encode(JSON.stringify(meta));
  const at = layout(metaJson.length, meta);
  const buffer = new SharedArrayBuffer(at.total);
  const bytes = new Uint8Array(buffer);
  bytes.set(new TextEncoder().encode(magic), 0);
  const header = new DataView(buffer);
  header.setUint32(8, packedFormatVersion, true);
  header.setUint32(12, metaJson.length, true);
  bytes.set(metaJson, headerBytes);
  return { buffer, columns: views(buffer, metaJson.length, meta) };
}

/** The checksum field (bytes 16..20) covers everything after the header. */
export const checksumOffset = 16;

export class PackedFormatError extends Error {}

/**
 * The header and columns of a buffer (from disk, possibly damaged or of another version);
 * throws PackedFormatError when they cannot be a packed layer of this version.
 */
export function readPacked(buffer: ArrayBufferLike): { meta: PackedMeta; columns: PackedColumns } {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < headerBytes) throw new PackedFormatError('too short');
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== magic) {
    throw new PackedFormatError('not a layer index');
  }
  const header = new DataView(buffer as ArrayBuffer);
  const version = header.getUint32(8, true);
  if (version !== packedFormatVersion) throw new PackedFormatError(`format version ${version}`);
  const metaLength = header.getUint32(12, true);
  let meta: PackedMeta;
  try {
    meta = JSON.parse(
      new TextDecoder().decode(bytes.subarray(headerBytes, headerBytes + metaLength)),
    ) as PackedMeta;
  } catch {
    throw new PackedFormatError('unreadable header');
  }
  const { nodeCount, nameBytes, linkBytes } = meta;
  if (![nodeCount, nameBytes, linkBytes].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new PackedFormatError('bad counts');
  }
  if (nodeCount < 1 || layout(metaLength, meta).total !== bytes.length) {
    throw new PackedFormatError('wrong length');
  }
  return { meta, columns: views(buffer, metaLength, meta) };
}
