import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/domain/display-path.js';

const shown = (text: string) => displayPath(Buffer.from(text, 'utf8'));
const escape = (code: number) => `\\u{${code.toString(16)}}`;

describe('displayPath: characters that hide or reorder a name', () => {
  it.each([
    ['C1 controls', 0x80, 0x9f],
    ['zero-width characters, LRM and RLM', 0x200b, 0x200f],
    ['line and paragraph separators, bidi embeddings and overrides', 0x2028, 0x202e],
    ['bidi isolates and the invisible operators around them', 0x2060, 0x206f],
  ])('escapes %s as \\u{…}', (_name, first, last) => {
    for (let code = first; code <= last; code++) {
      expect(shown(`a${String.fromCodePoint(code)}b`)).toBe(`a${escape(code)}b`);
    }
  });

  it('escapes the soft hyphen, the Arabic letter mark and the BOM', () => {
    expect(shown('a\u00ADb\u061Cc\uFEFFd')).toBe('a\\u{ad}b\\u{61c}c\\u{feff}d');
  });

  it('escapes the zero-width space that makes "report.pdf" and "rep\u200Bort.pdf" look alike', () => {
    expect(shown('rep\u200Bort.pdf')).toBe('rep\\u{200b}ort.pdf');
    expect(shown('rep\u200Bort.pdf')).not.toBe(shown('report.pdf'));
  });

  it('keeps the characters beside those ranges, and other text, as they are', () => {
    for (const code of [0xa0, 0x200a, 0x2010, 0x2027, 0x202f, 0x205f, 0x2070, 0xfefe]) {
      const char = String.fromCodePoint(code);
      expect(shown(`a${char}b`)).toBe(`a${char}b`);
    }
    expect(shown('ünïcødé-名前-🐳.txt')).toBe('ünïcødé-名前-🐳.txt');
  });

  it('keeps names distinct: an escape written out in a name has its backslash escaped', () => {
    expect(shown('a\\u{200b}b')).toBe('a\\\\u{200b}b');
    expect(shown('a\\u{200b}b')).not.toBe(shown('a\u200Bb'));
  });
});
