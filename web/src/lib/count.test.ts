import { describe, expect, it } from 'vitest';
import { count } from './count';

describe('count', () => {
  it('says one thing in the singular and groups thousands', () => {
    expect(count(1, 'file')).toBe('1 file');
    expect(count(0, 'file')).toBe('0 files');
    expect(count(2048, 'file')).toBe('2,048 files');
    expect(count(1, 'directory', 'directories')).toBe('1 directory');
    expect(count(3, 'directory', 'directories')).toBe('3 directories');
  });
});
