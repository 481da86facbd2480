import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateSchedule } from '../../src/services/update-check-schedule.js';

/*
 * The interval of scheduled update checks, on vitest's fake clock: when the next run is due
 * after a start, after runs that met failing registries (doubling, at most 16 times), after a
 * 429's Retry-After, and that it runs then and only then.
 */

const hour = 3_600_000;
const start = Date.parse('2026-12-07T06:00:00Z');

describe('UpdateSchedule', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(start);
  });
  afterEach(() => vi.useRealTimers());

  it('is off at 0 minutes', () => {
    const schedule = new UpdateSchedule(() => {});
    schedule.plan(0, null);
    expect(schedule.nextAt).toBeNull();
  });

  it('is due an interval after the last run, and at least 10 s after a start', () => {
    const schedule = new UpdateSchedule(() => {});
    schedule.plan(60, new Date(start - 15 * 60_000).toISOString());
    expect(schedule.nextAt).toBe(new Date(start + 45 * 60_000).toISOString());
    schedule.plan(60, new Date(start - 2 * hour).toISOString());
    expect(schedule.nextAt).toBe(new Date(start + 10_000).toISOString());
    schedule.plan(60, null);
    expect(schedule.nextAt).toBe(new Date(start + 10_000).toISOString());
    schedule.stop();
  });

  it('doubles the wait per failed run, up to 16 times, and honours Retry-After', () => {
    const schedule = new UpdateSchedule(() => {});
    const last = new Date(start).toISOString();
    const due = (factor: number) => new Date(start + factor * hour).toISOString();
    schedule.ran(true, null);
    schedule.plan(60, last);
    expect(schedule.nextAt).toBe(due(2));
    schedule.ran(true, null);
    schedule.plan(60, last);
    expect(schedule.nextAt).toBe(due(4));
    for (let run = 0; run < 6; run += 1) schedule.ran(true, null);
    schedule.plan(60, last);
    expect(schedule.nextAt).toBe(due(16));
    schedule.ran(false, null);
    schedule.plan(60, last);
    expect(schedule.nextAt).toBe(due(1));
    schedule.ran(true, 5 * hour);
    schedule.plan(60, last);
    expect(schedule.nextAt).toBe(due(5));
    schedule.stop();
  });

  it('runs once when due, and re-arms a wait longer than a timer can hold', () => {
    const run = vi.fn();
    const schedule = new UpdateSchedule(run);
    schedule.plan(60, new Date(start).toISOString());
    vi.advanceTimersByTime(hour - 1);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(schedule.nextAt).toBeNull();

    // 7 days × 16: past setTimeout's 24.8-day limit.
    for (let failed = 0; failed < 4; failed += 1) schedule.ran(true, null);
    schedule.plan(10_080, new Date(start + hour).toISOString());
    vi.advanceTimersByTime(30 * 24 * hour);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(112 * 24 * hour - 30 * 24 * hour);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
