import {
  type EngineChange,
  mergeScopes,
  type ScanScope,
  scopeOfEngineEvent,
} from '../domain/scan-scope.js';

/*
 * When an engine event's scan starts. A container's create, attach and start are followed by
 * more of its events more often than not (a `docker run` is all three and, for a short one, a
 * die within half a second): their scan waits leadingEventMs for the rest, so that the last
 * event's scan, the one that sees what the container wrote, does not queue behind theirs. Any
 * other event starts its scan at once, with what waited.
 */

/** Container actions whose scan waits for the container's next events. */
const leadingActions = new Set(['create', 'attach', 'start']);
export const leadingEventMs = 150;

export class ScanTrigger {
  #waiting: { scope: ScanScope; timer: NodeJS.Timeout } | null = null;

  /** `scan` starts (or queues) a scan of the scope. */
  constructor(readonly scan: (scope: ScanScope) => void) {}

  note(change: EngineChange): void {
    const scope = scopeOfEngineEvent(change);
    const waiting = this.#waiting;
    if (change.type === 'container' && leadingActions.has(change.action)) {
      if (waiting !== null) waiting.scope = mergeScopes(waiting.scope, scope);
      else this.#waiting = { scope, timer: setTimeout(() => this.flush(), leadingEventMs) };
      return;
    }
    if (waiting === null) {
      this.scan(scope);
      return;
    }
    waiting.scope = mergeScopes(waiting.scope, scope);
    this.flush();
  }

  /** Starts the scan that waits for more events, now. */
  flush(): void {
    const waiting = this.#waiting;
    if (waiting === null) return;
    this.cancel();
    this.scan(waiting.scope);
  }

  /** Drops the scan that waits (the server is closing). */
  cancel(): void {
    if (this.#waiting !== null) clearTimeout(this.#waiting.timer);
    this.#waiting = null;
  }
}
