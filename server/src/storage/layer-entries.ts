import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { FileKind, LayerEntry } from '../domain/layer-entry.js';
import { segmentKey, tarNameSegments } from '../domain/tree-names.js';
import { parseTarHeader } from './tar-header.js';

/*
 * A layer's file list from <layerdb>/<chain-id>/tar-split.json.gz: the engine keeps it to rebuild
 * the exact tar on `docker save` and push (vbatts/tar-split). It holds every tar header the layer
 * came with, ".wh." whiteouts and ".wh..wh..opq" markers as the image has them, with names and
 * sizes; no file contents. On disk, overlay2 turns whiteouts into 0/0 character devices and
 * opaque markers into a trusted.* xattr that Node cannot read without a native addon and that
 * only root may read at all; the tar-split file is plain JSON, and it is what `docker save`
 * (and therefore dive) sees.
 *
 * Lines: {"type":2,"payload":<base64 raw bytes>} for header bytes (and the padding of the file
 * before), {"type":1,"name"|"name_raw","size"} for each entry, whose contents are not stored.
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

/** Null when the layer has no tar-split file (the engine never wrote one, or it is gone). */
export async function readLayerEntries(layerDir: string): Promise<LayerEntry[] | null> {
  const stream = createReadStream(join(layerDir, tarSplitFile));
  const opened = await new Promise<boolean>((resolve, reject) => {
    stream.once('open', () => resolve(true));
    stream.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? resolve(false) : reject(error),
    );
  });
  if (!opened) return null;

  const entries: LayerEntry[] = [];
  let pending: Buffer[] = [];
  let padding = 0;
  const lines = createInterface({ input: stream.pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const record = JSON.parse(line) as TarSplitLine;
    if (record.type === 2) {
      if (record.payload) pending.push(Buffer.from(record.payload, 'base64'));
      continue;
    }
    if (record.type !== 1) continue;
    const raw = Buffer.concat(pending);
    pending = [];
    const size = record.size ?? 0;
    // The bytes before this entry's headers pad the previous file to a 512-byte block.
    const header = parseTarHeader(raw, padding);
    padding = (512 - (size % 512)) % 512;
    const name =
      record.name_raw !== undefined
        ? Buffer.from(record.name_raw, 'base64')
        : Buffer.from(record.name ?? '', 'utf8');
    const segments = tarNameSegments(name);
    if (segments === null || header === null) continue;
    const kind = kinds[header.typeflag];
    if (kind === undefined) continue;
    entries.push({
      path: segments.join('/'),
      kind,
      bytes: size,
      mode: header.mode & 0o7777,
      uid: header.uid,
      gid: header.gid,
      // A link target is shown, never followed: kept as text, invalid bytes keyed like names.
      linkTarget: kind === 'symlink' || kind === 'hardlink' ? segmentKey(header.linkname) : null,
    });
  }
  return entries;
}
