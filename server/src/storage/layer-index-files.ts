import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import {
  checksumOffset,
  openPacked,
  PackedFormatError,
  type PackedLayer,
} from '../domain/packed-layer.js';

/*
 * Layer indexes kept in the dashboard's state dir, one file per chain ID:
 * <state-dir>/layer-index/<chain-id hex>.idx, the packed layer's buffer as it is in memory. A
 * chain ID names a layer and everything below it, and layers never change, so a file never goes
 * stale: it is read back at the next start instead of parsing the layer again. A file of another
 * format version, a damaged one (checksum) or a short one is ignored and written again.
 */

export const indexDirName = 'layer-index';
const checksummedFrom = 24;

const hexOf = (chainId: string) => {
  const match = /^(?:sha256:)?([0-9a-f]{64})$/.exec(chainId);
  if (match === null) throw new Error(`Not a chain ID: ${chainId}`);
  return match[1] as string;
};

export function indexFilePath(stateDir: string, chainId: string): string {
  return join(stateDir, indexDirName, `${hexOf(chainId)}.idx`);
}

const slice = 1 << 23;

function checksum(bytes: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let at = from; at < to; at += slice) {
    value = crc32(bytes.subarray(at, Math.min(to, at + slice)), value);
  }
  return value;
}

/** The same, a slice per turn of the event loop: a big index is checked between requests. */
async function checksumAsync(bytes: Uint8Array, from: number, to: number): Promise<number> {
  let value = 0;
  for (let at = from; at < to; at += slice) {
    value = crc32(bytes.subarray(at, Math.min(to, at + slice)), value);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return value;
}

/** Writes a packed layer's file (sync: only ever called in a worker thread). */
export function writeIndexFile(path: string, buffer: ArrayBufferLike): void {
  const bytes = new Uint8Array(buffer);
  new DataView(buffer as ArrayBuffer).setUint32(
    checksumOffset,
    checksum(bytes, checksummedFrom, bytes.length),
    true,
  );
  mkdirSync(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never written.
    }
    throw error;
  }
}

export type LoadResult =
  | { layer: PackedLayer }
  | { layer: null; reason: 'missing' | 'unreadable' | 'invalid'; detail: string };

/** Reads a layer's file into shared memory (a worker can read it without a copy). */
export async function readIndexFile(path: string): Promise<LoadResult> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      layer: null,
      reason: code === 'ENOENT' ? 'missing' : 'unreadable',
      detail: String(code),
    };
  }
  try {
    const { size } = await handle.stat();
    const buffer = new SharedArrayBuffer(size);
    const bytes = new Uint8Array(buffer);
    for (let at = 0; at < size;) {
      const { bytesRead } = await handle.read(bytes, at, Math.min(size - at, 1 << 24), at);
      if (bytesRead === 0) return { layer: null, reason: 'invalid', detail: 'short file' };
      at += bytesRead;
    }
    if (size < checksummedFrom) return { layer: null, reason: 'invalid', detail: 'short file' };
    const expected = new DataView(buffer).getUint32(checksumOffset, true);
    if ((await checksumAsync(bytes, checksummedFrom, size)) !== expected) {
      return { layer: null, reason: 'invalid', detail: 'checksum' };
    }
    return { layer: openPacked(buffer) };
  } catch (error) {
    if (error instanceof PackedFormatError) {
      return { layer: null, reason: 'invalid', detail: error.message };
    }
    return { layer: null, reason: 'unreadable', detail: String(error) };
  } finally {
    await handle.close();
  }
}

/** The files kept for chains (indexes and analyses), each with its chain ID's hex. */
export async function listIndexFiles(stateDir: string): Promise<{ hex: string; path: string }[]> {
  const dir = join(stateDir, indexDirName);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const hex = /^([0-9a-f]{64})\.(idx|analysis\.json)$/.exec(name)?.[1];
    return hex === undefined ? [] : [{ hex, path: join(dir, name) }];
  });
}
