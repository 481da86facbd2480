import { describe, expect, it } from 'vitest';
import { healthDown, healthUp } from '../../../test/fixtures';
import { engineState, healthPollInterval } from './engine-state';

describe('engineState', () => {
  it('is checking before the first answer', () => {
    expect(engineState(undefined, null)).toBe('checking');
  });

  it('follows engine.reachable', () => {
    expect(engineState(healthUp, null)).toBe('up');
    expect(engineState(healthDown, null)).toBe('down');
  });

  it('is down when the health check itself fails, whatever it said before', () => {
    expect(engineState(healthUp, new Error('fetch failed'))).toBe('down');
  });
});

describe('healthPollInterval', () => {
  it('checks every 2 s while down and every 10 s while up', () => {
    expect(healthPollInterval(healthDown, null)).toBe(2_000);
    expect(healthPollInterval(healthUp, new Error('fetch failed'))).toBe(2_000);
    expect(healthPollInterval(undefined, null)).toBe(2_000);
    expect(healthPollInterval(healthUp, null)).toBe(10_000);
  });
});
