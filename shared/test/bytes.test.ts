import { describe, expect, it } from 'vitest';
import { exactBytes, humanBytes } from '../src/bytes.js';

describe('humanBytes (go-units HumanSizeWithPrecision, decimal units)', () => {
  it.each([
    [0, '0B'],
    [3, '3B'],
    [999, '999B'],
    [1000, '1kB'],
    [2144, '2.144kB'],
    [230_100, '230.1kB'],
    [1_982_256, '1.982MB'],
    [301_100, '301.1kB'],
    [1_000_000_000, '1GB'],
  ])('%i bytes with 4 digits -> %s', (bytes, expected) => {
    expect(humanBytes(bytes)).toBe(expected);
  });

  it.each([
    [2_012_256, '2.01MB'],
    [230_100, '230kB'],
    // 999.6 kB rounds to 1000 with 3 digits: Go's %g switches to exponent form there.
    [999_600, '1e+03kB'],
    [4, '4B'],
  ])('%i bytes with 3 digits (the CLI’s image size column) -> %s', (bytes, expected) => {
    expect(humanBytes(bytes, 3)).toBe(expected);
  });
});

describe('exactBytes', () => {
  it('groups thousands and names the unit', () => {
    expect(exactBytes(1_982_256)).toBe('1,982,256 bytes');
    expect(exactBytes(1)).toBe('1 byte');
    expect(exactBytes(0)).toBe('0 bytes');
  });
});
