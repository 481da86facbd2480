/*
 * Text from images (tags, labels, commands, names) is arbitrary: a right-to-left override, a
 * newline or a zero-width character could make one value look like another or reorder the text
 * after it. React already renders markup as text; this makes the invisible characters visible
 * too. The same escapes as the layer explorer's file names (\n, \u{202e}), so a value reads
 * alike everywhere. Backslashes are left alone: text the server escaped stays as it is.
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
export function escapeInvisible(text: string): string {
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
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export interface InertValue {
  /** What the page shows: escaped, and cut to the limit. */
  shown: string;
  /** The whole value, escaped, for the title; null when nothing was cut. */
  full: string | null;
}

/** A value from an image as the page shows it: escaped, long ones cut with the whole in title. */
export function inertValue(text: string, max = 120): InertValue {
  const escaped = escapeInvisible(text);
  const shown = truncate(escaped, max);
  return { shown, full: shown === escaped ? null : escaped };
}
