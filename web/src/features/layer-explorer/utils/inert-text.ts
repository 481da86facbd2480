/*
 * Names from image layers are arbitrary bytes: a newline, a right-to-left override or a
 * zero-width character could make one name look like another, or reorder the text after it.
 * The server already escapes names (`displayPath`); this is the second line on the page, for
 * every other string that comes from an image (history lines, link targets, breadcrumbs).
 * Backslashes are left alone, so text the server escaped stays exactly as it is.
 */

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function isInvisible(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    code === 0xad ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** Control, bidi and invisible formatting characters as visible escapes (\n, \u{202e}). */
export function inertText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (named[char]) out += named[char];
    else if (isInvisible(code)) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return out;
}

/** At most `max` characters (by code point), with an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
