import { nextCheckDelayMs } from '../domain/update-state.js';

/** setTimeout's longest wait (2^31 - 1 ms, about 24.8 days); longer waits are re-armed. */
const maxTimerMs = 2 ** 31 - 1;
/** A first scheduled run after a start waits at least this long (the page loads first). */
const minFirstDelayMs = 10_000;

/**
 * The interval of scheduled update checks (setting intervalMinutes; 0 is off, the default).
 * The next run is due an interval after the last one ended (kept across restarts), doubled for
 * each run in a row that met an offline, refusing or rate-limiting registry (at most 16 times,
 * domain/update-state.ts nextCheckDelayMs) and never before a 429's Retry-After; a run without
 * such a failure brings it back to the interval.
 */
export class UpdateSchedule {
  #timer: NodeJS.Timeout | null = null;
  #nextAt: number | null = null;
  #failedRunsInARow = 0;
  #retryAfterMs: number | null = null;

  constructor(readonly run: () => void) {}

  /** ISO time of the next scheduled run; null when the interval is off. */
  get nextAt(): string | null {
    return this.#nextAt === null ? null : new Date(this.#nextAt).toISOString();
  }

  /** A run ended: whether a registry failed in it, and the longest Retry-After it was told. */
  ran(registryFailed: boolean, retryAfterMs: number | null): void {
    this.#failedRunsInARow = registryFailed ? this.#failedRunsInARow + 1 : 0;
    this.#retryAfterMs = retryAfterMs;
  }

  /** (Re)plans the next run from the setting and when the last run ended. */
  plan(intervalMinutes: number, lastRunAt: string | null): void {
    this.stop();
    if (intervalMinutes <= 0) return;
    const now = Date.now();
    const delay = nextCheckDelayMs(
      intervalMinutes * 60_000,
      this.#failedRunsInARow,
      this.#retryAfterMs,
    );
    const last = lastRunAt === null ? Number.NaN : Date.parse(lastRunAt);
    const due = Number.isNaN(last)
      ? now + minFirstDelayMs
      : Math.max(last + delay, now + minFirstDelayMs);
    this.#nextAt = due;
    this.#arm();
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextAt = null;
  }

  #arm(): void {
    const due = this.#nextAt;
    if (due === null) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        if (Date.now() < due) {
          this.#arm();
          return;
        }
        this.#nextAt = null;
        this.run();
      },
      Math.min(Math.max(due - Date.now(), 0), maxTimerMs),
    );
    // A due check never keeps the process alive on its own.
    this.#timer.unref();
  }
}
