/*
 * File names are bytes on Linux. JSON carries text, and a page must not be fooled by a name
 * with a newline or a right-to-left override in it, so names are shown escaped: valid UTF-8 as
 * is, a backslash as \\, control characters as \n, \t, \r or \xNN, invisible and bidi
 * characters as \u{…}, and bytes that are not UTF-8 as \xNN. Distinct names stay distinct.
 */

const named: Record<number, string> = { 10: '\\n', 9: '\\t', 13: '\\r', 92: '\\\\' };

function hex(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** The length of the valid UTF-8 sequence starting at i, or 0 when it is not one. */
function utf8Length(bytes: Uint8Array, i: number): number {
  const first = bytes[i] as number;
  const need = first >= 0xf0 && first <= 0xf4 ? 4 : first >= 0xe0 ? 3 : first >= 0xc2 ? 2 : 0;
  if (first >= 0xf8 || need === 0 || i + need > bytes.length) return 0;
  for (let k = 1; k < need; k++) {
    if (((bytes[i + k] as number) & 0xc0) !== 0x80) return 0;
  }
  const second = bytes[i + 1] as number;
  // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are not UTF-8.
  if (first === 0xe0 && second < 0xa0) return 0;
  if (first === 0xed && second >= 0xa0) return 0;
  if (first === 0xf0 && second < 0x90) return 0;
  if (first === 0xf4 && second >= 0x90) return 0;
  return need;
}

/**
 * Characters past ASCII that would hide or reorder what follows, escaped as \u{…}: the same set
 * the web escapes (web/src/lib/inert-text.ts), so a name reads alike in the API and on the page.
 * C1 controls; the soft hyphen; the Arabic letter mark; zero-width characters, LRM and RLM
 * (U+200B–U+200F); line and paragraph separators, bidi embeddings and overrides
 * (U+2028–U+202E); bidi isolates and the invisible operators around them (U+2060–U+206F); the
 * BOM.
 */
function isInvisible(code: number): boolean {
  return (
    (code >= 0x80 && code < 0xa0) ||
    code === 0xad ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0xfeff
  );
}

/** Printable ASCII other than the backslash: shown as it is (nearly every name). */
function plainAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte < 0x20 || byte > 0x7e || byte === 92) return false;
  return true;
}

export function displayPath(bytes: Uint8Array): string {
  // One flat string: appending a character at a time leaves a chain of thousands of string
  // pieces per name, which a scan of 5,000 layer directories kept (18 MB of them).
  if (plainAscii(bytes))
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte < 0x80) {
      out += named[byte] ?? (byte < 0x20 || byte === 0x7f ? hex(byte) : String.fromCharCode(byte));
      i++;
      continue;
    }
    const length = utf8Length(bytes, i);
    if (length === 0) {
      out += hex(byte);
      i++;
      continue;
    }
    const text = Buffer.from(bytes.subarray(i, i + length)).toString('utf8');
    const code = text.codePointAt(0) as number;
    out += isInvisible(code) ? `\\u{${code.toString(16)}}` : text;
    i += length;
  }
  // Flattened once, for the same reason.
  return out.length > 0 ? Buffer.from(out).toString() : out;
}
