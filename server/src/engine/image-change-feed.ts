import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ImageChange } from '../domain/untag-outcome.js';
import { toImageChange } from './action-mappers.js';
import { toDockerEvent } from './podman-compat.js';
import type { RawEvent } from './raw-action-types.js';

/**
 * The image events of one GET /events stream, kept in the engine's order until closed: what an
 * action reads to learn which image the engine acted on.
 */
export class ImageChangeFeed {
  readonly changes: ImageChange[] = [];
  readonly #stream: Readable;
  #ended = false;
  #wake: (() => void) | null = null;

  constructor(stream: Readable) {
    this.#stream = stream;
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof raw !== 'object' || raw === null) return;
      const change = toImageChange(toDockerEvent(raw as RawEvent));
      if (change === null) return;
      this.changes.push(change);
      this.#notify();
    });
    const ended = () => {
      this.#ended = true;
      this.#notify();
    };
    // A dropped connection can error more than once: the feed just ends.
    stream.on('error', ended);
    stream.once('end', ended);
    stream.once('close', ended);
  }

  /**
   * Resolves true once `check` holds for the changes so far; false when it still does not after
   * `timeoutMs`, or the stream ended first.
   */
  async until(check: (changes: ImageChange[]) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.changes)) {
      const left = deadline - Date.now();
      if (this.#ended || left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return true;
  }

  close(): void {
    this.#stream.destroy();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
