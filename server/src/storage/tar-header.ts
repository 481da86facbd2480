/*
 * Just enough of the tar format (POSIX ustar, pax extended headers, GNU long names) to read the
 * headers that tar-split keeps for each layer entry: type, mode, owner and link target. File
 * contents are never read; tar-split does not store them anyway.
 */

export interface TarHeader {
  /** The tar type flag: '0' file, '1' hard link, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo. */
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Raw bytes of the link target (pax linkpath or GNU long link first); empty when none. */
  linkname: Buffer;
  devmajor: number;
  devminor: number;
}

const block = 512;

function cString(bytes: Buffer): Buffer {
  const end = bytes.indexOf(0);
  return end === -1 ? bytes : bytes.subarray(0, end);
}

/** Octal (spaces and NULs around it), or GNU base-256 when the first byte's high bit is set. */
function numeric(bytes: Buffer): number {
  if (bytes.length > 0 && ((bytes[0] as number) & 0x80) !== 0) {
    let value = (bytes[0] as number) & 0x7f;
    for (let i = 1; i < bytes.length; i++) value = value * 256 + (bytes[i] as number);
    return value;
  }
  let value = 0;
  let digits = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte >= 0x30 && byte <= 0x37) {
      value = value * 8 + (byte - 0x30);
      digits = true;
    } else if (byte === 0 || (byte === 0x20 && digits)) break;
    else if (byte !== 0x20) return digits ? value : Number.NaN;
  }
  return value;
}

function paddedLength(size: number): number {
  return Math.ceil(size / block) * block;
}

/** Pax records: "<length> <key>=<value>\n", values kept as raw bytes. */
export function tarPaxRecords(data: Buffer): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(data.subarray(offset, space).toString('latin1'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1);
    const equals = record.indexOf(0x3d);
    if (equals !== -1) {
      records.set(record.subarray(0, equals).toString('utf8'), record.subarray(equals + 1));
    }
    offset += length;
  }
  return records;
}

/**
 * Parses the header blocks of one entry (any pax / GNU long-name blocks, then the main header)
 * from `bytes`, starting at `offset`. Returns null when the bytes hold no complete header.
 */
export function parseTarHeader(bytes: Buffer, offset = 0): TarHeader | null {
  let position = offset;
  let pax = new Map<string, Buffer>();
  let longLink: Buffer | null = null;
  while (position + block <= bytes.length) {
    const header = bytes.subarray(position, position + block);
    // Every header has a checksum; the zero blocks that end an archive do not.
    if (header[148] === 0 && header.subarray(148, 156).every((byte) => byte === 0)) return null;
    const typeflag = String.fromCharCode(header[156] as number);
    const size = numeric(header.subarray(124, 136));
    const data = bytes.subarray(position + block, position + block + size);
    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (typeflag === 'x') pax = new Map([...pax, ...tarPaxRecords(data)]);
      if (typeflag === 'K') longLink = cString(data);
      position += block + paddedLength(size);
      continue;
    }
    const paxNumber = (key: string, fallback: number) => {
      const value = pax.get(key);
      return value === undefined ? fallback : Number(value.toString('latin1'));
    };
    return {
      typeflag: typeflag === '\0' ? '0' : typeflag,
      mode: numeric(header.subarray(100, 108)),
      uid: paxNumber('uid', numeric(header.subarray(108, 116))),
      gid: paxNumber('gid', numeric(header.subarray(116, 124))),
      size: paxNumber('size', size),
      linkname: pax.get('linkpath') ?? longLink ?? cString(header.subarray(157, 257)),
      devmajor: numeric(header.subarray(329, 337)),
      devminor: numeric(header.subarray(337, 345)),
    };
  }
  return null;
}
