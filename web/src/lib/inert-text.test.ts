import { describe, expect, it } from 'vitest';
import { escapeInvisible, inertAttribute, inertValue, truncate } from './inert-text';

describe('escapeInvisible', () => {
  it('leaves ordinary text, unicode and markup-looking text as they are', () => {
    expect(escapeInvisible('ünïcødé-名前:1')).toBe('ünïcødé-名前:1');
    expect(escapeInvisible('<script>alert("label")</script>')).toBe(
      '<script>alert("label")</script>',
    );
  });

  it('escapes line breaks and tabs by name', () => {
    expect(escapeInvisible('a\nb\tc\rd')).toBe('a\\nb\\tc\\rd');
  });

  it('escapes bidi overrides, isolates, zero-width and other control characters', () => {
    expect(escapeInvisible('safe\u202Etxt.exe')).toBe('safe\\u{202e}txt.exe');
    expect(escapeInvisible('a\u200Bb\u2066c\uFEFF')).toBe('a\\u{200b}b\\u{2066}c\\u{feff}');
    expect(escapeInvisible('\u0000\u001b[31m\u0085')).toBe('\\u{0}\\u{1b}[31m\\u{85}');
  });

  it('escapes a lone surrogate but keeps a pair', () => {
    expect(escapeInvisible('x\uD800y')).toBe('x\\u{d800}y');
    expect(escapeInvisible('🐳')).toBe('🐳');
  });
});

describe('escapeInvisible: every character that hides or reorders text', () => {
  const escaped = (code: number) => escapeInvisible(String.fromCodePoint(code));
  const hex = (code: number) => `\\u{${code.toString(16)}}`;
  const named: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

  it.each([
    ['C0 controls', 0x00, 0x1f],
    ['DEL and the C1 controls', 0x7f, 0x9f],
    ['zero-width characters, LRM and RLM', 0x200b, 0x200f],
    ['line and paragraph separators, bidi embeddings and overrides', 0x2028, 0x202e],
    ['bidi isolates and the invisible operators around them', 0x2060, 0x206f],
  ])('escapes %s', (_name, first, last) => {
    for (let code = first; code <= last; code++) {
      expect(escaped(code)).toBe(named[code] ?? hex(code));
    }
  });

  it('escapes the Arabic letter mark and the BOM', () => {
    expect(escaped(0x061c)).toBe('\\u{61c}');
    expect(escaped(0xfeff)).toBe('\\u{feff}');
  });

  it('leaves the characters beside those ranges alone', () => {
    for (const code of [0x20, 0x7e, 0xa0, 0x200a, 0x2010, 0x2027, 0x202f, 0x205f, 0x2070]) {
      expect(escaped(code)).toBe(String.fromCodePoint(code));
    }
  });
});

describe('truncate', () => {
  it('cuts by code point with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('🐳🐳🐳🐳', 3)).toBe('🐳🐳…');
  });
});

describe('inertValue', () => {
  it('gives the escaped value, and the whole one only when it was cut', () => {
    expect(inertValue('safe\u202Etxt.exe')).toEqual({ shown: 'safe\\u{202e}txt.exe', full: null });
    const long = `${'x'.repeat(200)}\u202E`;
    const value = inertValue(long, 10);
    expect(value.shown).toBe(`${'x'.repeat(9)}…`);
    expect(value.full).toBe(`${'x'.repeat(200)}\\u{202e}`);
  });
});

describe('escapeInvisible: names from layers', () => {
  it('leaves ordinary text, unicode and markup-looking text as they are', () => {
    expect(escapeInvisible('ünïcødé-名前.txt')).toBe('ünïcødé-名前.txt');
    expect(escapeInvisible('<script>alert(1)</script>.txt')).toBe('<script>alert(1)</script>.txt');
    expect(escapeInvisible('file with spaces.txt')).toBe('file with spaces.txt');
  });

  it('escapes line breaks and tabs by name', () => {
    expect(escapeInvisible('line\nbreak.txt')).toBe('line\\nbreak.txt');
    expect(escapeInvisible('a\tb\rc')).toBe('a\\tb\\rc');
  });

  it('escapes other control characters, bidi overrides and invisible characters', () => {
    expect(escapeInvisible('safe\u202Etxt.exe')).toBe('safe\\u{202e}txt.exe');
    expect(escapeInvisible('\u0000\u001b[31m')).toBe('\\u{0}\\u{1b}[31m');
    expect(escapeInvisible('a\u200Bb\u2066c\uFEFF')).toBe('a\\u{200b}b\\u{2066}c\\u{feff}');
    expect(escapeInvisible('\u0085')).toBe('\\u{85}');
  });

  it('escapes a lone surrogate but keeps a pair (an emoji)', () => {
    expect(escapeInvisible('x\uD800y')).toBe('x\\u{d800}y');
    expect(escapeInvisible('🐳')).toBe('🐳');
  });

  it('does not touch text the server already escaped', () => {
    expect(escapeInvisible('line\\nbreak \\x80 \\\\')).toBe('line\\nbreak \\x80 \\\\');
  });
});

describe('truncate: names from layers', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('名前名前名前', 3)).toBe('名前…');
  });
});

describe('inertAttribute', () => {
  it('escapes a value for an attribute, whole unless a limit is given', () => {
    const long = `safe\u202Etxt.exe${'x'.repeat(300)}`;
    expect(inertAttribute('debian:12')).toBe('debian:12');
    expect(inertAttribute('a\nb\u2066c')).toBe('a\\nb\\u{2066}c');
    expect(inertAttribute(long)).toBe(`safe\\u{202e}txt.exe${'x'.repeat(300)}`);
    expect(inertAttribute(long, 12)).toBe('safe\\u{202e…');
  });
});
