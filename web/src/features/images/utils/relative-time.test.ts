import { describe, expect, it } from 'vitest';
import { humanDuration, relativeTime } from './relative-time';

// Every expectation is worked out by hand from go-units HumanDuration, which the docker CLI uses.
const now = Date.parse('2024-05-10T12:00:00Z');

describe('relativeTime', () => {
  it.each([
    ['2024-05-10T11:59:59.500Z', 'Less than a second ago'], // 0.5 s
    ['2024-05-10T11:59:59Z', '1 second ago'],
    ['2024-05-10T11:59:15Z', '45 seconds ago'],
    ['2024-05-10T11:58:30Z', 'About a minute ago'], // 90 s is 1 whole minute
    ['2024-05-10T11:48:00Z', '12 minutes ago'],
    ['2024-05-10T10:31:00Z', 'About an hour ago'], // 89 min = 1.48 h, + 0.5 → 1
    ['2024-05-10T10:30:00Z', '2 hours ago'], // 90 min = 1.5 h, + 0.5 → 2
    ['2024-05-08T12:31:00Z', '47 hours ago'], // 47 h 29 min = 47.48 h, + 0.5 → 47
    ['2024-05-08T12:30:00Z', '2 days ago'], // 47 h 30 min rounds to 48 h: 48 / 24 = 2
    ['2024-05-07T12:00:00Z', '3 days ago'], // 72 h
    ['2024-04-26T13:00:00Z', '13 days ago'], // 335 h < 336: 335 / 24 = 13.96 → 13
    ['2024-04-26T12:00:00Z', '2 weeks ago'], // 336 h: 336 / 24 / 7 = 2
    ['2024-03-12T12:00:00Z', '8 weeks ago'], // 59 days = 1416 h < 1440: 1416 / 168 = 8.43 → 8
    ['2024-03-11T12:00:00Z', '2 months ago'], // 60 days = 1440 h: 1440 / 720 = 2
    ['2022-05-12T12:00:00Z', '24 months ago'], // 729 days = 17496 h: 17496 / 720 = 24.3 → 24
    ['2022-05-11T12:00:00Z', '2 years ago'], // 730 days = 17520 h: 17520 / 24 / 365 = 2
  ])('%s → %s', (created, expected) => {
    expect(relativeTime(created, now)).toBe(expected);
  });

  it('switches to years at 730 days', () => {
    const day = 24 * 3600 * 1000;
    expect(humanDuration(729 * day)).toBe('24 months'); // 17496 h / 720 = 24.3 → 24
    expect(humanDuration(730 * day)).toBe('2 years'); // 17520 h / 24 / 365 = 2
    expect(humanDuration(1100 * day)).toBe('3 years'); // 1100 / 365 = 3.01 → 3
  });

  it('says "Less than a second ago" for a date in the future, as the CLI does', () => {
    expect(relativeTime('2024-05-10T12:05:00Z', now)).toBe('Less than a second ago');
  });

  it('says "unknown" for a date it cannot read', () => {
    expect(relativeTime('not a date', now)).toBe('unknown');
  });
});
