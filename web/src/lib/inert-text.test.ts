import { describe, expect, it } from 'vitest';
import { escapeInvisible, inertValue, truncate } from './inert-text';

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
