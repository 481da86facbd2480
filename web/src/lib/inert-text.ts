/*
 * Text from images (tags, labels, commands, names) is arbitrary: a right-to-left override, a
 * newline or a zero-width character could make one value look like another or reorder the text
 * after it. React already renders markup as text; this makes the invisible characters visible
 * too. The same escapes as the layer explorer's file names (\n, \u{202e}), so a value reads
 * alike everywhere. Backslashes are left alone: text the server escaped stays as it is.
 *
 * Escaped: C0 and C1 controls and DEL; bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) and the other invisible formatting characters around them (U+2060–U+206F);
 * zero-width characters, LRM and RLM (U+200B–U+200F); the Arabic letter mark (U+061C); the
 * line and paragraph separators (U+2028, U+2029); the BOM (U+FEFF); the soft hyphen; and a lone
 * surrogate. Elements show such text through <InertText>; attributes through inertAttribute.
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
    (code >= 0x2060 && code <= 0x206f) ||
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

/**
 * A value from an image for an attribute (title, aria-label, data-*, an option's value): escaped
 * as the page shows it, so that a tooltip, a screen reader or a selector never gets the raw
 * characters either; cut at `max` when given (a tooltip carries the whole value, as InertText's).
 */
export function inertAttribute(text: string, max?: number): string {
  const escaped = escapeInvisible(text);
  return max === undefined ? escaped : truncate(escaped, max);
}
