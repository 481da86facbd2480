/**
 * Answers built once and handed out again as the same object (so routes/serialized-once.ts
 * serializes and gzips each once), the `max` most recently asked; one that fails is not kept.
 * It is only as fresh as whoever makes a new one: callers keep one per version of what the
 * answers are made of (an EngineSnapshot generation, a disk measurement), and a new version
 * starts an empty one.
 */
export class RecentAnswers<T> {
  readonly #answers = new Map<string, Promise<T>>();

  constructor(readonly max: number) {}

  /** The kept answer for `key`, or undefined; a hit counts as a use. */
  peek(key: string): Promise<T> | undefined {
    const known = this.#answers.get(key);
    if (known !== undefined) {
      // Most recently used last.
      this.#answers.delete(key);
      this.#answers.set(key, known);
    }
    return known;
  }

  /** The kept answer for `key`, else `make()`'s, kept from now on (callers meanwhile share it). */
  get(key: string, make: () => Promise<T>): Promise<T> {
    const known = this.peek(key);
    if (known !== undefined) return known;
    const promise = make();
    this.#answers.set(key, promise);
    promise.catch(() => {
      if (this.#answers.get(key) === promise) this.#answers.delete(key);
    });
    for (const old of this.#answers.keys()) {
      if (this.#answers.size <= this.max) break;
      this.#answers.delete(old);
    }
    return promise;
  }
}
