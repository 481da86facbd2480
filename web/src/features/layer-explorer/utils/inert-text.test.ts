import { describe, expect, it } from 'vitest';
import { inertText, truncateText } from './inert-text';

describe('inertText', () => {
  it('leaves ordinary text, unicode and markup-looking text as they are', () => {
    expect(inertText('ünïcødé-名前.txt')).toBe('ünïcødé-名前.txt');
    expect(inertText('<script>alert(1)</script>.txt')).toBe('<script>alert(1)</script>.txt');
    expect(inertText('file with spaces.txt')).toBe('file with spaces.txt');
  });

  it('escapes line breaks and tabs by name', () => {
    expect(inertText('line\nbreak.txt')).toBe('line\\nbreak.txt');
    expect(inertText('a\tb\rc')).toBe('a\\tb\\rc');
  });

  it('escapes other control characters, bidi overrides and invisible characters', () => {
    expect(inertText('safe\u202Etxt.exe')).toBe('safe\\u{202e}txt.exe');
    expect(inertText('\u0000\u001b[31m')).toBe('\\u{0}\\u{1b}[31m');
    expect(inertText('a\u200Bb\u2066c\uFEFF')).toBe('a\\u{200b}b\\u{2066}c\\u{feff}');
    expect(inertText('\u0085')).toBe('\\u{85}');
  });

  it('escapes a lone surrogate but keeps a pair (an emoji)', () => {
    expect(inertText('x\uD800y')).toBe('x\\u{d800}y');
    expect(inertText('🐳')).toBe('🐳');
  });

  it('does not touch text the server already escaped', () => {
    expect(inertText('line\\nbreak \\x80 \\\\')).toBe('line\\nbreak \\x80 \\\\');
  });
});

describe('truncateText', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('名前名前名前', 3)).toBe('名前…');
  });
});
