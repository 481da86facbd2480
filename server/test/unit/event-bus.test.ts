import type { ServerEvent } from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/services/event-bus.js';

const event: ServerEvent = { type: 'inventory-changed', resources: ['images'] };

describe('EventBus', () => {
  it('gives the event to every listener when one throws, and logs that one', () => {
    const logged: { details: { err: unknown; [field: string]: unknown }; message: string }[] = [];
    const bus = new EventBus({ error: (details, message) => logged.push({ details, message }) });
    const got: string[] = [];
    bus.subscribe(() => got.push('first'));
    bus.subscribe(() => {
      throw new Error('listener bug');
    });
    bus.subscribe(() => got.push('third'));

    expect(() => bus.publish(event)).not.toThrow();
    expect(got).toEqual(['first', 'third']);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toBe('an event listener failed');
    expect(logged[0]?.details.event).toBe('inventory-changed');
    expect((logged[0]?.details.err as Error).message).toBe('listener bug');
  });

  it('lets a listener unsubscribe while the event goes round', () => {
    const bus = new EventBus({ error: () => {} });
    const got: string[] = [];
    const off = bus.subscribe(() => {
      got.push('once');
      off();
    });
    bus.subscribe(() => got.push('always'));
    bus.publish(event);
    bus.publish(event);
    expect(got).toEqual(['once', 'always', 'always']);
    expect(bus.subscriberCount).toBe(1);
  });

  it('counts the same function subscribed twice as two subscriptions', () => {
    const bus = new EventBus({ error: () => {} });
    let calls = 0;
    const listener = () => calls++;
    const offFirst = bus.subscribe(listener);
    bus.subscribe(listener);
    bus.publish(event);
    expect(calls).toBe(2);
    offFirst();
    bus.publish(event);
    expect(calls).toBe(3);
  });
});
