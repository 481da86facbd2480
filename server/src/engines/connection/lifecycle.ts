/**
 * What an engine connection starts once the app is ready and closes when it goes, in the order
 * each part was wired: closes run last-wired first (a service closes before what it reads from),
 * after every `beforeClose` (work in flight, such as pulls, is ended first).
 */
export class Lifecycle {
  readonly #starts: (() => void | Promise<void>)[] = [];
  readonly #closes: (() => void | Promise<void>)[] = [];
  readonly #beforeCloses: (() => void | Promise<void>)[] = [];
  #started = false;

  onStart(start: () => void | Promise<void>): void {
    this.#starts.push(start);
  }

  onClose(close: () => void | Promise<void>): void {
    this.#closes.push(close);
  }

  beforeClose(close: () => void | Promise<void>): void {
    this.#beforeCloses.push(close);
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    for (const start of this.#starts) await start();
  }

  /** Runs every close even when one fails; the first failure is thrown at the end. */
  async close(): Promise<void> {
    let failure: unknown = null;
    const closes = [...this.#beforeCloses, ...[...this.#closes].reverse()];
    this.#beforeCloses.length = 0;
    this.#closes.length = 0;
    for (const close of closes) {
      try {
        await close();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  }
}
