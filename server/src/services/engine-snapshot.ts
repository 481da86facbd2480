import type { DiskUsageSnapshot } from '../domain/types.js';
import type { Engine, StorageInfo } from '../engine/engine.js';

/*
 * GET /system/df kept between requests. It is the engine's costliest call (about a second at
 * 2,000 images: it walks every container's writable layer and every volume) and every page asks
 * for it. Its image half (sizes, shared sizes, container counts) changes only with an image or
 * container event; writable layers, volumes and build cache also grow without one. So, while the
 * engine's event stream is followed (EngineWatcher calls setLive and changed):
 * - an answer is reused until an event says something changed, then the next caller waits for
 *   a new one (so a page never shows an image the CLI just removed);
 * - an answer older than maxAgeMs is still served, with its takenAt, and taken again in the
 *   background; onRefreshed says when that one differs.
 * Without the stream (not started, engine away) every call asks the engine, as before.
 */

export interface EngineSnapshotEntry {
  usage: DiskUsageSnapshot;
  /** Epoch ms when the engine was asked. */
  takenAt: number;
  /** The change generation it was asked in; derived results are kept per entry. */
  generation: number;
}

export interface EngineSnapshotOptions {
  maxAgeMs?: number;
  /** A background refresh found other figures (sizes grew without an event). */
  onRefreshed?(entry: EngineSnapshotEntry): void;
}

const defaultMaxAgeMs = 15_000;

export class EngineSnapshot {
  readonly #maxAgeMs: number;
  readonly #onRefreshed: ((entry: EngineSnapshotEntry) => void) | undefined;
  #generation = 0;
  #live = false;
  #current: EngineSnapshotEntry | null = null;
  #inflight: { generation: number; entry: Promise<EngineSnapshotEntry> } | null = null;
  #background: Promise<void> | null = null;
  #info: Promise<StorageInfo> | null = null;
  readonly #kept = new Map<string, { generation: number; promise: Promise<unknown> }>();

  constructor(
    readonly engine: Engine,
    options: EngineSnapshotOptions = {},
  ) {
    this.#maxAgeMs = options.maxAgeMs ?? defaultMaxAgeMs;
    this.#onRefreshed = options.onRefreshed;
  }

  /** Whether the event stream is followed: only then can an answer be reused. */
  setLive(live: boolean): void {
    if (live !== this.#live) this.changed();
    this.#live = live;
  }

  /** Something the df answer holds changed (an engine event, or one of our own actions). */
  changed(): void {
    this.#generation++;
    this.#info = null;
  }

  /** The df answer, reused or asked for as described above. */
  async get(): Promise<EngineSnapshotEntry> {
    const current = this.#current;
    if (!this.#live || current === null || current.generation !== this.#generation) {
      return this.#fetch();
    }
    if (Date.now() - current.takenAt > this.#maxAgeMs) this.#refreshInBackground(current);
    return current;
  }

  /**
   * A value only engine events change (the image list, say), kept like the df answer: while
   * the stream is followed, until the next event; shared by everyone asking meanwhile.
   */
  keep<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    const kept = this.#kept.get(key);
    if (this.#live && kept !== undefined && kept.generation === this.#generation) {
      return kept.promise as Promise<T>;
    }
    const promise = fetch();
    this.#kept.set(key, { generation: this.#generation, promise });
    promise.catch(() => {
      if (this.#kept.get(key)?.promise === promise) this.#kept.delete(key);
    });
    return promise;
  }

  /** docker info's storage facts; they change only when the engine restarts. */
  storageInfo(): Promise<StorageInfo> {
    if (!this.#live) return this.engine.storageInfo();
    this.#info ??= this.engine.storageInfo().catch((error: unknown) => {
      this.#info = null;
      throw error;
    });
    return this.#info;
  }

  async #fetch(): Promise<EngineSnapshotEntry> {
    // Twice at most: an event during the first call makes its answer old, but a host whose
    // events never stop must still get an answer.
    let entry: EngineSnapshotEntry | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      entry = await this.#ask();
      if (entry.generation === this.#generation) break;
    }
    return entry as EngineSnapshotEntry;
  }

  /** One df call for the current generation, shared by everyone asking in it. */
  #ask(): Promise<EngineSnapshotEntry> {
    const generation = this.#generation;
    const flight = this.#inflight;
    if (flight !== null && flight.generation === generation) return flight.entry;
    // Engines before API 1.42 refuse a second df while one runs: queue behind it.
    const before = flight?.entry.catch(() => {});
    const entry = Promise.resolve(before).then(async () => {
      const takenAt = Date.now();
      const usage = sameImagesAs(this.#current?.usage ?? null, await this.engine.diskUsage());
      const taken = { usage, takenAt, generation };
      if (this.#current === null || this.#current.generation <= generation) this.#current = taken;
      return taken;
    });
    this.#inflight = { generation, entry };
    const settled = () => {
      if (this.#inflight?.entry === entry) this.#inflight = null;
    };
    entry.then(settled, settled);
    return entry;
  }

  #refreshInBackground(stale: EngineSnapshotEntry): void {
    if (this.#background !== null) return;
    this.#background = this.#ask()
      .then((entry) => {
        if (this.#onRefreshed !== undefined && differs(stale.usage, entry.usage)) {
          this.#onRefreshed(entry);
        }
      })
      // The next caller asks again; an engine that went away is reported by the watcher.
      .catch(() => {})
      .finally(() => {
        this.#background = null;
      });
  }
}

/**
 * The new answer, with the previous one's images array when they list the same images with
 * the same figures: what is derived from the images (the inventory, the serialized list) is
 * kept by that array's identity, so an unchanged re-ask derives nothing again.
 */
function sameImagesAs(
  previous: DiskUsageSnapshot | null,
  usage: DiskUsageSnapshot,
): DiskUsageSnapshot {
  if (previous === null || previous.images === usage.images) return usage;
  const same =
    previous.layersSize === usage.layersSize &&
    JSON.stringify(previous.images) === JSON.stringify(usage.images);
  return same ? { ...usage, images: previous.images } : usage;
}

/** The parts of df that change without an event. */
function differs(a: DiskUsageSnapshot, b: DiskUsageSnapshot): boolean {
  const sizes = (usage: DiskUsageSnapshot) =>
    JSON.stringify([
      usage.containers.map((c) => [c.id, c.sizeRw, c.state]),
      usage.volumes.map((v) => [v.name, v.size, v.refCount]),
      usage.buildCache.map((r) => [r.id, r.size, r.inUse]),
      usage.layersSize,
    ]);
  return sizes(a) !== sizes(b);
}
