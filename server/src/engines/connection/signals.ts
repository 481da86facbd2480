import type { EngineChange } from '../../domain/scan-scope.js';

/**
 * What one part of an engine connection tells the others, typed: the disk side learns of engine
 * changes and of sizes that grew without an event from here, so no service holds a reference to
 * a service wired after it (the inventory and the disk truth once reached each other through
 * closures bound late on the app).
 */
export interface SignalTypes {
  /** An engine event, as it comes (services/engine-watcher.ts). */
  'engine-change': EngineChange;
  /** The kept df answer was asked again and sizes had grown with no event (writes, logs). */
  'sizes-grew': undefined;
}

type Handler<T> = (value: T) => void;

export class ConnectionSignals {
  readonly #handlers: { [K in keyof SignalTypes]: Set<Handler<SignalTypes[K]>> } = {
    'engine-change': new Set(),
    'sizes-grew': new Set(),
  };

  /** Returns the function that stops listening. */
  on<K extends keyof SignalTypes>(signal: K, handler: Handler<SignalTypes[K]>): () => void {
    const handlers = this.#handlers[signal];
    const entry: Handler<SignalTypes[K]> = (value) => handler(value);
    handlers.add(entry);
    return () => {
      handlers.delete(entry);
    };
  }

  emit<K extends keyof SignalTypes>(signal: K, value: SignalTypes[K]): void {
    for (const handler of [...this.#handlers[signal]]) handler(value);
  }
}
