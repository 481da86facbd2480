import type { EngineDiskUsage } from '@footprint/shared';
import {
  type KeptEngineAnswers,
  readKeptEngineAnswers,
  writeKeptEngineAnswers,
} from '../storage/kept-engine-answers.js';

/*
 * The engine's answers kept across restarts (storage/kept-engine-answers.ts). Until the engine
 * has answered once in this run, a page's GET /api/images and GET /api/disk are answered with
 * what was kept, labelled kept with the time it was asked, and the engine is asked in the
 * background; once its answer is in, the kept one is never served again (the page is told to
 * fetch again, and from then on every answer is the engine's, as on a first start). Only the
 * pages' read answers go through here: previews and removals ask the engine themselves, so
 * nothing is ever removed on the strength of a kept answer.
 */

type Key = keyof KeptEngineAnswers;
type Value<K extends Key> = NonNullable<KeptEngineAnswers[K]>['value'];

/** An answer, and when it is the kept one, when the engine was asked for it. */
export interface Answer<T> {
  value: T;
  /** ISO time the engine was asked, before this start; null: the engine's answer now. */
  keptAt: string | null;
}

/**
 * How long after the first kept answer the engine is asked: a page asks for all its answers at
 * once, and the engine's lists at 2,000 images take it seconds of CPU that the server and the
 * browser drawing the page would share on a small host. Asked at once by a request that must
 * have the engine's answer (keptOk false).
 */
const askDelayMs = 1000;
/** The first write waits this long after a fresh answer (the page's answer goes out first). */
const firstWriteMs = 2000;
/** Then at most one write this often while answers change (a megabyte at 2,000 images). */
const writeIntervalMs = 30_000;

export class KeptEngine {
  readonly #loaded: Promise<KeptEngineAnswers | null>;
  /** Keys the engine has answered in this run: the kept answer is done with. */
  readonly #fresh = new Set<Key>();
  /** Keys the engine is being asked for in the background while the kept answer is served. */
  readonly #asking = new Set<Key>();
  /** The background asks not started yet (a closing server starts none). */
  readonly #askTimers = new Set<NodeJS.Timeout>();
  /** What the next write holds: the latest answers, the kept ones for keys not asked yet. */
  #toWrite: KeptEngineAnswers = {};
  #dirty = false;
  #timer: NodeJS.Timeout | null = null;
  #lastWrite = 0;
  #writing: Promise<void> = Promise.resolve();

  /**
   * stateDir null: nothing is kept. `replaced`: the engine's answer for `key` is in, after the
   * kept one was served (the page fetches again).
   */
  constructor(
    readonly stateDir: string | null,
    readonly replaced: (key: Key) => void,
  ) {
    this.#loaded =
      stateDir === null
        ? Promise.resolve(null)
        : readKeptEngineAnswers(stateDir).then((answers) => {
            this.#toWrite = { ...answers, ...this.#toWrite };
            return answers;
          });
  }

  /**
   * The answer for `key`: the kept one while the engine has not answered in this run (asked
   * meanwhile in the background), else `ask()`'s. `keptOk` false: `ask()`'s always.
   */
  async answer<K extends Key>(
    key: K,
    ask: () => Promise<Value<K>>,
    keptOk = true,
  ): Promise<Answer<Value<K>>> {
    const kept = this.#fresh.has(key) || !keptOk ? undefined : (await this.#loaded)?.[key];
    if (kept === undefined || this.#fresh.has(key)) {
      return { value: await this.#ask(key, ask), keptAt: null };
    }
    if (!this.#asking.has(key)) {
      this.#asking.add(key);
      const timer = setTimeout(() => {
        this.#askTimers.delete(timer);
        this.#ask(key, ask).then(
          () => this.replaced(key),
          // The engine is away: the kept answer is served on, and the next request asks
          // again (the engine banner says it is away).
          () => this.#asking.delete(key),
        );
      }, askDelayMs);
      timer.unref();
      this.#askTimers.add(timer);
    }
    return { value: kept.value as Value<K>, keptAt: kept.askedAt };
  }

  async #ask<K extends Key>(key: K, ask: () => Promise<Value<K>>): Promise<Value<K>> {
    const askedAt = new Date().toISOString();
    const value = await ask();
    this.#fresh.add(key);
    if (this.#toWrite[key]?.value !== value) {
      // The same object while nothing changed (the inventory keeps its answers by identity).
      (this.#toWrite as Record<Key, { askedAt: string; value: unknown }>)[key] = {
        askedAt,
        value,
      };
      this.#dirty = true;
      this.#schedule();
    }
    return value;
  }

  #schedule(): void {
    if (this.stateDir === null || this.#timer !== null) return;
    const wait = Math.max(firstWriteMs, this.#lastWrite + writeIntervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#write();
    }, wait);
    this.#timer.unref();
  }

  #write(): void {
    const stateDir = this.stateDir;
    if (stateDir === null || !this.#dirty) return;
    this.#dirty = false;
    this.#lastWrite = Date.now();
    const answers = { ...this.#toWrite };
    // A write that fails leaves the file as it was: the next start serves older kept answers,
    // labelled with their time, or asks the engine.
    this.#writing = this.#writing
      .then(() => writeKeptEngineAnswers(stateDir, answers))
      .catch(() => {});
  }

  /** On close: starts no more background asks, writes what is waiting, and resolves once written. */
  async flush(): Promise<void> {
    for (const timer of this.#askTimers) clearTimeout(timer);
    this.#askTimers.clear();
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#write();
    await this.#writing;
  }
}

const labelled = new WeakMap<EngineDiskUsage, EngineDiskUsage>();

/** The engine's df rows, labelled engineKept when they are the kept ones (the same object each time). */
export function labelKeptRows({ value, keptAt }: Answer<EngineDiskUsage>): EngineDiskUsage {
  if (keptAt === null) return value;
  let rows = labelled.get(value);
  if (rows === undefined) {
    rows = { ...value, engineKept: true };
    labelled.set(value, rows);
  }
  return rows;
}
