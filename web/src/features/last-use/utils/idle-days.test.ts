import { describe, expect, it } from 'vitest';
import { onlyIdle, parseIdleDays } from './idle-days';

describe('parseIdleDays', () => {
  it('takes whole days from 1 to 36500', () => {
    expect(parseIdleDays('30')).toBe(30);
    expect(parseIdleDays('1')).toBe(1);
    expect(parseIdleDays('36500')).toBe(36_500);
  });

  it('turns the filter off for anything else', () => {
    for (const value of ['', '0', '-3', '2.5', '36501', 'abc', '1e3']) {
      expect(parseIdleDays(value), value).toBeNull();
    }
  });
});

describe('onlyIdle', () => {
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  it('keeps every row while the filter is off, only idle ones when on', () => {
    expect(onlyIdle(rows, null)).toEqual(rows);
    expect(onlyIdle(rows, new Set(['c', 'a']))).toEqual([{ id: 'a' }, { id: 'c' }]);
    expect(onlyIdle(rows, new Set())).toEqual([]);
  });
});
