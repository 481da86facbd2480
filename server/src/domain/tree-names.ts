import { displayPath } from './display-path.js';

/*
 * File names are bytes. Inside the server a name is a string key: the name itself when it is
 * valid UTF-8, else NUL followed by base64url of its bytes (base64url: plain base64 has "/",
 * which would split the key when it travels in a path). NUL cannot occur in a file name, so keys
 * never collide and no byte is lost; the API sends the key as `path` (to ask for that directory
 * again), a display form that is inert text, and the raw bytes as base64 when they are not UTF-8.
 */

const rawPrefix = '\u0000';
const decoder = new TextDecoder('utf-8', { fatal: true });

export function segmentKey(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return rawPrefix + Buffer.from(bytes).toString('base64url');
  }
}

export function segmentBytes(key: string): Uint8Array {
  return key.startsWith(rawPrefix)
    ? Buffer.from(key.slice(1), 'base64url')
    : Buffer.from(key, 'utf8');
}

/** Base64 of the name's bytes when they are not UTF-8; null when the name is plain text. */
export function rawNameBase64(key: string): string | null {
  return key.startsWith(rawPrefix)
    ? Buffer.from(key.slice(1), 'base64url').toString('base64')
    : null;
}

/** The name as inert text: control characters, invalid bytes and bidi overrides escaped. */
export function displayName(key: string): string {
  return displayPath(segmentBytes(key));
}

export function displayPathOf(segments: readonly string[]): string {
  return `/${segments.map(displayName).join('/')}`;
}

/**
 * A tar member name as key segments: "./", leading and trailing slashes dropped. Null for a name
 * that climbs out with "..": no layer the engine stored has one, and none is followed.
 */
export function tarNameSegments(name: Uint8Array): string[] | null {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    if (i < name.length && name[i] !== 0x2f) continue;
    const part = name.subarray(start, i);
    start = i + 1;
    if (part.length === 0 || (part.length === 1 && part[0] === 0x2e)) continue;
    if (part.length === 2 && part[0] === 0x2e && part[1] === 0x2e) return null;
    segments.push(segmentKey(part));
  }
  return segments;
}

export class InvalidTreePathError extends Error {}

/**
 * A path inside a layer tree, as a client sends it: "/", "usr/lib" or "/usr//lib/". Empty and
 * "." segments are dropped; ".." is refused rather than resolved, so no request can name a path
 * outside the tree, and no path is ever joined to a directory on disk from here.
 */
export function requestPathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..')
      throw new InvalidTreePathError('A path inside a layer may not contain "..".');
    segments.push(part);
  }
  return segments;
}

/** Sorts as Go's sort.Strings does on UTF-8: by code point, not by UTF-16 unit. */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
