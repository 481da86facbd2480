import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanScope } from '../../src/domain/scan-scope.js';
import { leadingEventMs, ScanTrigger } from '../../src/services/scan-trigger.js';

/* When an engine event's scan starts, on fake timers: what waits, for how long, and with what. */

const event = (type: string, action: string, actorId = 'c1') => ({ type, action, actorId });

describe('ScanTrigger', () => {
  let scans: ScanScope[];
  let trigger: ScanTrigger;
  beforeEach(() => {
    vi.useFakeTimers();
    scans = [];
    trigger = new ScanTrigger((scope) => scans.push(scope));
  });
  afterEach(() => vi.useRealTimers());

  it('scans a container’s die, an image event and a volume event at once', () => {
    trigger.note(event('container', 'die'));
    trigger.note(event('image', 'load', 'sha256:1'));
    trigger.note(event('volume', 'create', 'v'));
    expect(scans).toHaveLength(3);
  });

  it('lets a docker run’s create, attach and start wait for its die, then scans them as one', () => {
    trigger.note(event('container', 'create'));
    trigger.note(event('container', 'attach'));
    vi.advanceTimersByTime(leadingEventMs - 1);
    trigger.note(event('container', 'start'));
    expect(scans).toEqual([]);
    trigger.note(event('container', 'die'));
    expect(scans).toHaveLength(1);
    const [scope] = scans as [ScanScope];
    expect(scope.containers).toEqual(new Set(['c1']));
    // The create made layer directories: overlay2/l is read again.
    expect(scope.linksChanged).toBe(true);
    vi.advanceTimersByTime(leadingEventMs * 2);
    expect(scans).toHaveLength(1);
  });

  it('scans a create that nothing follows once it has waited', () => {
    trigger.note(event('container', 'create', 'a'));
    trigger.note(event('container', 'start', 'b'));
    vi.advanceTimersByTime(leadingEventMs);
    expect(scans).toHaveLength(1);
    expect(scans[0]?.containers).toEqual(new Set(['a', 'b']));
  });

  it('starts what waits when asked, and drops it when cancelled', () => {
    trigger.note(event('container', 'start'));
    trigger.flush();
    expect(scans).toHaveLength(1);
    trigger.flush();
    expect(scans).toHaveLength(1);
    trigger.note(event('container', 'start'));
    trigger.cancel();
    vi.advanceTimersByTime(leadingEventMs * 2);
    expect(scans).toHaveLength(1);
  });
});
