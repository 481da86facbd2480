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

/** UTF-16 units reordered so that comparing them compares code points. */
function unitOrder(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/**
 * Sorts as Go's sort.Strings does on UTF-8: by code point, not by UTF-16 unit. The same order
 * as comparing the keys' UTF-8 bytes, which is how layer indexes keep names (packed-layer.ts).
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitOrder(x) - unitOrder(y);
  }
  return a.length - b.length;
}

const whiteoutPrefix = '.wh.';
const whiteoutPrefixBytes = Buffer.from(whiteoutPrefix);

/** The name a whiteout deletes, or null when the key is no whiteout. Works on raw names too. */
export function whiteoutTarget(key: string): string | null {
  if (rawNameBase64(key) === null) {
    return key.startsWith(whiteoutPrefix) ? key.slice(whiteoutPrefix.length) : null;
  }
  const bytes = segmentBytes(key);
  if (Buffer.compare(bytes.subarray(0, 4), whiteoutPrefixBytes) !== 0) return null;
  return segmentKey(bytes.subarray(4));
}
