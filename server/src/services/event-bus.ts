import { EventEmitter } from 'node:events';
import type { ServerEvent } from '@footprint/shared';

/**
 * In-process fan-out of server events to every open event stream. Producers (the engine
 * watcher, the disk scanner) publish; GET /api/events subscribes once per connected page.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per connected page; a dashboard has few, but there is no reason to cap them.
    this.#emitter.setMaxListeners(0);
  }

  publish(event: ServerEvent): void {
    this.#emitter.emit('event', event);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  get subscriberCount(): number {
    return this.#emitter.listenerCount('event');
  }
}
