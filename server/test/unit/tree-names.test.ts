import { describe, expect, it } from 'vitest';
import { parseAnalyzeArgs, UsageError } from '../../src/cli/analyze.js';
import { stackImage } from '../../src/domain/file-tree.js';
import { MergedView } from '../../src/domain/merged-view.js';
import {
  compareKeys,
  displayName,
  rawNameBase64,
  requestPathSegments,
  segmentBytes,
  segmentKey,
  tarNameSegments,
  whiteoutTarget,
} from '../../src/domain/tree-names.js';

describe('file names as keys', () => {
  const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1: not UTF-8

  it('keeps every byte of a name that is not UTF-8, and shows it escaped', () => {
    const key = segmentKey(latin1);
    expect(Buffer.from(segmentBytes(key))).toEqual(latin1);
    expect(rawNameBase64(key)).toBe(latin1.toString('base64'));
    expect(displayName(key)).toBe('caf\\xe9');
    expect(segmentKey(Buffer.from('café'))).toBe('café');
    expect(rawNameBase64('café')).toBeNull();
  });

  it('gives a name whose base64 holds "/" a key that survives a path split', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0xff]); // base64 "//7/": not UTF-8 either
    const key = segmentKey(bytes);
    expect(key).not.toContain('/');
    expect(requestPathSegments(`/dir/${key}`)).toEqual(['dir', key]);
    expect(Buffer.from(segmentBytes(key))).toEqual(bytes);
    expect(rawNameBase64(key)).toBe('//7/');
  });

  it('reads tar names: drops "./" and slashes, refuses ".."', () => {
    expect(tarNameSegments(Buffer.from('./usr//lib/'))).toEqual(['usr', 'lib']);
    expect(tarNameSegments(Buffer.from('a/../../etc'))).toBeNull();
  });

  it('refuses ".." in a requested path instead of resolving it', () => {
    expect(requestPathSegments('/usr//./lib/')).toEqual(['usr', 'lib']);
    expect(() => requestPathSegments('/usr/../..')).toThrow(/\.\./);
  });

  it('recognises a whiteout of a name that is not UTF-8', () => {
    const target = segmentKey(latin1);
    const whiteout = segmentKey(Buffer.concat([Buffer.from('.wh.'), latin1]));
    expect(whiteoutTarget(whiteout)).toBe(target);
    const entry = { kind: 'file' as const, mode: 0o644, uid: 0, gid: 0, linkTarget: null };
    const stack = stackImage([
      [{ ...entry, path: target, bytes: 9 }],
      [{ ...entry, path: whiteout, bytes: 0 }],
    ]);
    expect(new MergedView(stack).find([new TextEncoder().encode(target)])).toBeNull();
    expect(stack[1]?.f64('deleted', 0)).toBe(9);
  });

  it('orders names by code point, as Go sorts UTF-8', () => {
    // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit.
    expect(['😀', '～'].sort(compareKeys)).toEqual(['～', '😀']);
  });
});

describe('analyze command line', () => {
  it('reads the image and the limits', () => {
    expect(
      parseAnalyzeArgs(['app:1', '--json', '--min-efficiency', '0.9', '--max-wasted-bytes=1000']),
    ).toEqual({ image: 'app:1', json: true, minEfficiency: 0.9, maxWastedBytes: 1000 });
  });

  it('refuses what it does not understand', () => {
    expect(() => parseAnalyzeArgs([])).toThrow(UsageError);
    expect(() => parseAnalyzeArgs(['a', '--min-efficiency', '90'])).toThrow(/0 to 1/);
    expect(() => parseAnalyzeArgs(['a', '--nope'])).toThrow(/Unknown option/);
  });
});
