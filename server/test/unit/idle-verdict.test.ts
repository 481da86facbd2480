import { describe, expect, it } from 'vitest';
import { arrivedAt, daysBetween, idleVerdict, type UseFacts } from '../../src/domain/last-use.js';

const now = new Date('2026-12-07T12:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const threeYearsAgo = '2023-12-07T12:00:00.000Z';

/** Seen first a day ago, never used, made three years ago, never tagged, no container. */
const dayOne: UseFacts = {
  containers: 0,
  firstSeen: daysAgo(1),
  lastUsed: null,
  created: threeYearsAgo,
  lastTagTime: null,
};

describe('idleVerdict', () => {
  it('on the record alone, one day watched is not 30 days unused', () => {
    expect(idleVerdict(dayOne, 30, now, false)).toBeNull();
  });

  it('with the age basis, the image made three years ago counts, labelled as such', () => {
    expect(idleVerdict(dayOne, 30, now, true)).toEqual({ basis: 'age', since: threeYearsAgo });
  });

  it('counts from the later of Created and LastTagTime', () => {
    const tagged = { ...dayOne, lastTagTime: daysAgo(40) };
    expect(idleVerdict(tagged, 30, now, true)).toEqual({ basis: 'age', since: daysAgo(40) });
    expect(idleVerdict({ ...dayOne, lastTagTime: daysAgo(10) }, 30, now, true)).toBeNull();
    expect(arrivedAt(daysAgo(5), daysAgo(50))).toBe(daysAgo(5));
  });

  it('the record decides first when it covers the days: from the last use, or from first seen', () => {
    const watched = { ...dayOne, firstSeen: daysAgo(45) };
    expect(idleVerdict(watched, 30, now, true)).toEqual({ basis: 'recorded', since: daysAgo(45) });
    const used = { ...watched, lastUsed: daysAgo(35) };
    expect(idleVerdict(used, 30, now, false)).toEqual({ basis: 'recorded', since: daysAgo(35) });
  });

  it('a use on the record within the days, or a container now, rules it out on either basis', () => {
    expect(idleVerdict({ ...dayOne, lastUsed: daysAgo(0.5) }, 30, now, true)).toBeNull();
    expect(idleVerdict({ ...dayOne, containers: 1 }, 30, now, true)).toBeNull();
    const watched = { ...dayOne, firstSeen: daysAgo(45), containers: 2 };
    expect(idleVerdict(watched, 30, now, false)).toBeNull();
  });

  it('daysBetween: the recorded span in days, never negative', () => {
    expect(daysBetween(daysAgo(1.5), now)).toBe(1.5);
    expect(daysBetween(daysAgo(-1), now)).toBe(0);
  });
});
