import { describe, expect, it } from 'vitest';
import {
  deletionLabel,
  diveEfficiency,
  fileCountLabel,
  modeString,
  parseLayerParam,
  percent,
} from './entry-labels';

describe('modeString', () => {
  it('writes permissions as ls -l does', () => {
    expect(modeString('file', 0o644)).toBe('-rw-r--r--');
    expect(modeString('dir', 0o755)).toBe('drwxr-xr-x');
    expect(modeString('symlink', 0o777)).toBe('lrwxrwxrwx');
  });

  it('shows setuid, setgid and sticky bits, capitalised when the x bit is off', () => {
    expect(modeString('file', 0o4755)).toBe('-rwsr-xr-x');
    expect(modeString('dir', 0o1777)).toBe('drwxrwxrwt');
    expect(modeString('file', 0o2644)).toBe('-rw-r-Sr--');
    expect(modeString('char-device', 0o666)).toBe('crw-rw-rw-');
    expect(modeString('fifo', 0o600)).toBe('prw-------');
  });
});

describe('labels', () => {
  it('says why a deleted entry is gone', () => {
    expect(deletionLabel({ change: 'deleted', deletedBy: 'whiteout' })).toMatch(/whiteout/);
    expect(deletionLabel({ change: 'deleted', deletedBy: 'opaque' })).toMatch(/opaque/);
    expect(deletionLabel({ change: 'added', deletedBy: null })).toBeNull();
  });

  it('prints dive efficiency as dive does and ratios as percentages', () => {
    // 1,200,000 / 1,250,000 = 0.96
    expect(diveEfficiency(1_200_000 / 1_250_000)).toBe('96.0000 %');
    expect(diveEfficiency(1)).toBe('100.0000 %');
    expect(percent(0.0345)).toBe('3.5 %');
  });

  it('counts files with the right noun', () => {
    expect(fileCountLabel(1)).toBe('1 file');
    expect(fileCountLabel(100000)).toBe('100,000 files');
  });
});

describe('parseLayerParam', () => {
  it('reads a layer index, falling back to the merged view', () => {
    expect(parseLayerParam('1', 2)).toBe(1);
    expect(parseLayerParam('merged', 2)).toBe('merged');
    expect(parseLayerParam('', 2)).toBe('merged');
    expect(parseLayerParam('2', 2)).toBe('merged');
    expect(parseLayerParam('-1', 2)).toBe('merged');
    expect(parseLayerParam('x', 2)).toBe('merged');
    // Before the layer count is known, an index is taken as given.
    expect(parseLayerParam('5', 0)).toBe(5);
  });
});
