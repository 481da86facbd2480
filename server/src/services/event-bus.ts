import type { ServerEvent } from '@footprint/shared';
import { type ErrorLog, stderrLog } from './error-log.js';

type Listener = (event: ServerEvent) => void;

/**
 * In-process fan-out of server events to every open event stream. Producers (the engine
 * watcher, the disk scanner) publish; GET /api/events subscribes once per connected page.
 *
 * Producers publish from inside scan loops and timers: a listener that throws must not end
 * their work, nor reach a timer as an uncaught exception (which ends the process). Each
 * listener runs on its own; its failure is logged with the event it was given, and the others
 * still get the event.
 */
export class EventBus {
  readonly #listeners = new Set<Listener>();

  constructor(readonly log: ErrorLog = stderrLog) {}

  publish(event: ServerEvent): void {
    // A copy: a listener may unsubscribe itself (or another) while the event goes round.
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log.error({ err: error, event: event.type }, 'an event listener failed');
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    // Wrapped, so the same function subscribed twice is two subscriptions, as with an emitter.
    const entry: Listener = (event) => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }
}
