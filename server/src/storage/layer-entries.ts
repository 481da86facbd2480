import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { EntryAttributes } from '../domain/layer-builder.js';
import type { FileKind } from '../domain/layer-entry.js';
import { segmentKey, tarNameSegments } from '../domain/tree-names.js';
import { parseTarHeader } from './tar-header.js';

/*
 * A layer's file list from <layerdb>/<chain-id>/tar-split.json.gz: the engine keeps it to rebuild
 * the exact tar on `docker save` and push (vbatts/tar-split). It holds every tar header the layer
 * came with, ".wh." whiteouts and ".wh..wh..opq" markers as the image has them, with names and
 * sizes; no file contents. On disk, overlay2 turns whiteouts into 0/0 character devices and
 * opaque markers into a trusted.* xattr (layer-walk.ts reads those when this file is missing);
 * the tar-split file is plain JSON, and it is what `docker save` (and therefore dive) sees.
 *
 * Lines: {"type":2,"payload":<base64 raw bytes>} for header bytes (and the padding of the file
 * before), {"type":1,"name"|"name_raw","size"} for each entry, whose contents are not stored.
 * Read as a stream, one entry at a time: a layer of a million files is a few hundred MB of JSON.
 */

interface TarSplitLine {
  type: number;
  name?: string;
  /** Go []byte: base64 of a name that is not valid UTF-8. */
  name_raw?: string;
  size?: number;
  payload?: string | null;
}

const kinds: Record<string, FileKind> = {
  '0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char-device',
  '4': 'block-device',
  '5': 'dir',
  '6': 'fifo',
};

export const tarSplitFile = 'tar-split.json.gz';

export interface ReadProgress {
  /** Compressed bytes of the file read so far, and the file's size. */
  bytesRead: number;
  bytesTotal: number;
}

const segmentLinePrefix = Buffer.from('{"type":2,"payload":"');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Key segments of a tar name; one decode for the common, valid UTF-8 case. */
function nameSegments(name: Buffer | string): string[] | null {
  let text: string | null = typeof name === 'string' ? name : null;
  if (text === null) {
    try {
      text = utf8.decode(name as Buffer);
    } catch {
      return tarNameSegments(name as Buffer);
    }
  }
  const segments: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    segments.push(part);
  }
  return segments;
}

type OnEntry = (segments: string[], entry: EntryAttributes) => void;

/**
 * 64 KB at a time: glibc serves blocks from 128 KB up with mmap and, once one is freed, raises
 * that limit, so 1 MB chunks came to be kept in the heap after use: a worker that read 500
 * lists of the benchmark's set in 1 MB chunks grew by 52 MB, in 64 KB chunks by 13 MB.
 */
const chunkBytes = 1 << 16;

/** Calls `onEntry` for each entry of the layer's tar-split file, in tar order. */
export async function readTarSplit(
  file: string,
  onEntry: OnEntry,
  onProgress: (progress: ReadProgress) => void = () => {},
): Promise<void> {
  const bytesTotal = (await stat(file)).size;
  let bytesRead = 0;
  const input = createReadStream(file, { highWaterMark: chunkBytes });
  input.on('data', (chunk) => {
    bytesRead += chunk.length;
    onProgress({ bytesRead, bytesTotal });
  });
  const parser = tarSplitParser(onEntry);
  for await (const chunk of input.pipe(createGunzip({ chunkSize: chunkBytes }))) {
    parser.push(chunk as Buffer);
  }
  parser.end();
}

/**
 * The same, read and unzipped at once: for a worker thread going through thousands of small
 * files (the streams' turns cost more than the parsing there). A layer's file is a few KB to a
 * few hundred MB unzipped; callers with a big one use readTarSplit.
 */
export function readTarSplitSync(file: string, onEntry: OnEntry): void {
  const parser = tarSplitParser(onEntry);
  parser.push(gunzipSync(readFileSync(file)));
  parser.end();
}

/** The parser of a tar-split file's lines, fed the unzipped bytes in chunks. */
function tarSplitParser(onEntry: OnEntry): { push(chunk: Buffer): void; end(): void } {
  let pending: Buffer[] = [];
  // The bytes before an entry's headers pad the previous file to a 512-byte block: they are
  // skipped, in base64 up to the last whole group of 3 bytes, the rest after decoding.
  let padding = 0;
  let skipped = 0;
  const onEntryLine = (record: TarSplitLine) => {
    const raw = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    pending = [];
    const size = record.size ?? 0;
    const header = parseTarHeader(raw, padding - skipped);
    padding = (512 - (size % 512)) % 512;
    skipped = 0;
    // tar-split writes name_raw only for names that are not valid UTF-8.
    const segments = nameSegments(
      record.name_raw !== undefined ? Buffer.from(record.name_raw, 'base64') : (record.name ?? ''),
    );
    if (segments === null || header === null) return;
    const kind = kinds[header.typeflag];
    if (kind === undefined) return;
    onEntry(segments, {
      kind,
      bytes: size,
      mode: header.mode & 0o7777,
      uid: header.uid,
      gid: header.gid,
      // A link target is shown, never followed: kept as text, invalid bytes keyed like names.
      linkTarget: kind === 'symlink' || kind === 'hardlink' ? segmentKey(header.linkname) : null,
    });
  };
  // Lines are handled as bytes: most are header payloads, whose base64 is taken without
  // parsing the JSON around it; a million entries are a gigabyte of it.
  const onLine = (bytes: Buffer, start: number, end: number) => {
    const from = start + segmentLinePrefix.length;
    if (
      end > from &&
      bytes.compare(segmentLinePrefix, 0, segmentLinePrefix.length, start, from) === 0
    ) {
      const quote = bytes.indexOf(0x22, from);
      if (quote !== -1 && quote < end) {
        const skip = pending.length === 0 ? Math.floor(padding / 3) : 0;
        skipped += skip * 3;
        pending.push(Buffer.from(bytes.toString('latin1', from + skip * 4, quote), 'base64'));
        return;
      }
    }
    const record = JSON.parse(bytes.toString('utf8', start, end)) as TarSplitLine;
    if (record.type === 2) {
      if (record.payload) pending.push(Buffer.from(record.payload, 'base64'));
    } else if (record.type === 1) onEntryLine(record);
  };
  let rest: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
        if (end > start) onLine(bytes, start, end);
        start = end + 1;
      }
      rest = bytes.subarray(start);
    },
    end() {
      if (rest.length > 0 && rest.toString('utf8').trim() !== '') onLine(rest, 0, rest.length);
    },
  };
}
