import type { EngineStatus } from '@footprint/shared';
import { type EngineChange, mayMakeImage } from '../domain/scan-scope.js';
import type { DiskUsageSnapshot } from '../domain/types.js';
import type { DfObjects } from '../engine/action-mappers.js';
import type { Engine, StorageInfo } from '../engine/engine.js';
import { differs, sameImagesAs, sameObjectsAs } from './df-answers.js';

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

/**
 * What a kept value depends on: `images`, the engine's image rows and configs (image events and
 * commits change them); `containers`, the container list (container events); `other`, the rest
 * (volumes). The df answer depends on everything.
 */
export type SnapshotFacet = 'images' | 'containers' | 'other';

/** The facets an engine event changes; every one when not known. */
function facetsOf(change: EngineChange | undefined): SnapshotFacet[] {
  if (change === undefined) return ['images', 'containers', 'other'];
  if (change.type === 'image') return ['images'];
  if (change.type === 'container') {
    return mayMakeImage(change) ? ['images', 'containers'] : ['containers'];
  }
  return ['other'];
}

/**
 * Brings a kept value up to date from the engine's changes since it was asked; null when it
 * cannot (then it is asked for whole).
 */
export type Update<T> = (previous: T, changes: readonly EngineChange[]) => Promise<T> | null;

interface Kept<T = unknown> {
  stamp: string;
  /** The facets' generations when it was asked. */
  generations: number[];
  /** Epoch ms when it was asked (an update keeps the time of the whole answer it started from). */
  askedAt: number;
  promise: Promise<T>;
  /** Until it resolves (one that rejects leaves the map); then `value` holds the answer. */
  pending: boolean;
  value?: T;
}

const maxLoggedChanges = 100;

export interface EngineSnapshotEntry {
  usage: DiskUsageSnapshot;
  /**
   * The volumes' and build records' own facts from the same answer (the volume and build cache
   * lists): the same arrays while a new answer lists the same, so what is derived from them
   * (the lists, their serialized bytes) is kept by identity.
   */
  objects: DfObjects;
  /** Epoch ms when the engine was asked. */
  takenAt: number;
  /** The change generation it was asked in; derived results are kept per entry. */
  generation: number;
  /** The facets' generations it was asked in. */
  facets: Readonly<Record<SnapshotFacet, number>>;
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
  /** A generation per facet: a kept value holds while those it depends on stay the same. */
  readonly #facets: Record<SnapshotFacet, number> = { images: 0, containers: 0, other: 0 };
  /** The kept df answer with its container half brought up to date (see getUpdated). */
  #updated: {
    base: EngineSnapshotEntry;
    containers: number;
    entry: Promise<EngineSnapshotEntry>;
  } | null = null;
  #live = false;
  #current: EngineSnapshotEntry | null = null;
  #inflight: { generation: number; entry: Promise<EngineSnapshotEntry> } | null = null;
  #background: Promise<void> | null = null;
  #info: Promise<StorageInfo> | null = null;
  #status: Promise<EngineStatus> | null = null;
  readonly #kept = new Map<string, Kept>();
  /**
   * Per facet, what each of its last generations was: the engine's change, or null when not
   * known (our own action, a reopened stream). A kept value can be brought up to date from these.
   */
  readonly #log: Record<SnapshotFacet, { base: number; changes: (EngineChange | null)[] }> = {
    images: { base: 0, changes: [] },
    containers: { base: 0, changes: [] },
    other: { base: 0, changes: [] },
  };

  constructor(
    readonly engine: Engine,
    options: EngineSnapshotOptions = {},
  ) {
    this.#maxAgeMs = options.maxAgeMs ?? defaultMaxAgeMs;
    this.#onRefreshed = options.onRefreshed;
  }

  /**
   * The event stream was just opened: what was asked before may have missed a change, what is
   * asked from now on cannot (a later change comes as an event, handled once the stream is
   * followed). So answers asked between the opening and setLive(true), the first requests at
   * start-up, are still good once it is live.
   */
  streamOpened(): void {
    // The stream broke and opened again: the engine may have restarted with other settings.
    this.#info = null;
    this.#status = null;
    this.changed();
  }

  /** Whether the event stream is followed: only then can an answer be reused. */
  setLive(live: boolean): void {
    if (!live && this.#live) {
      this.#info = null;
      this.#status = null;
      this.changed();
    }
    this.#live = live;
  }

  /**
   * Something the df answer holds changed: an engine event, or (no change given) one of our own
   * actions, or anything else that may have changed every facet.
   */
  changed(change?: EngineChange): void {
    this.#generation++;
    for (const facet of facetsOf(change)) {
      this.#facets[facet]++;
      const log = this.#log[facet];
      log.changes.push(change ?? null);
      // A value older than this many changes is asked for again.
      if (log.changes.length > maxLoggedChanges) {
        log.changes.shift();
        log.base++;
      }
    }
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
   * The df answer as get() gives it; but while only container events came since the kept one,
   * that answer with what they change brought up to date by `update` (the containers and the
   * images' container counts), where asking df again walks every volume and writable layer
   * (half a second at 2,000 images). `update` resolving to null: ask df.
   */
  async getUpdated(
    update: (kept: EngineSnapshotEntry) => Promise<DiskUsageSnapshot | null>,
  ): Promise<EngineSnapshotEntry> {
    const current = this.#keptBeforeContainerEvents();
    if (
      current === null ||
      this.#changesSince(['containers'], [current.facets.containers]) === null
    )
      return this.get();
    const kept = this.#updated;
    const containers = this.#facets.containers;
    if (kept?.base === current && kept.containers === containers) return kept.entry;
    const entry = update(current).then((usage) =>
      usage === null ? this.get() : { ...current, usage },
    );
    this.#updated = { base: current, containers, entry };
    entry.catch(() => {
      if (this.#updated?.entry === entry) this.#updated = null;
    });
    return entry;
  }

  /**
   * The df answer for the volume and build cache lists: the kept one while only changes that
   * leave its volumes and build records as they were came since (taken again in the background
   * once old, as get() does), where get() would ask df again; get() otherwise. Those changes:
   * container events (a commit or destroy also changes the image facet, as it may make an
   * image; not these), and the `create` event the engine sends for a volume that is already
   * there each time a container is created with it (moby volume/service), which changes only
   * its reference count.
   */
  async getObjects(): Promise<EngineSnapshotEntry> {
    const current = this.#current;
    if (this.#live && current !== null && current.generation !== this.#generation) {
      const since = this.#changesSince(
        ['images', 'other'],
        [current.facets.images, current.facets.other],
      );
      const known = new Set(current.objects.volumes.map((volume) => volume.name));
      const leaveObjects = (change: EngineChange) =>
        change.type === 'container' ||
        (change.type === 'volume' &&
          change.action === 'create' &&
          change.actorId !== null &&
          known.has(change.actorId));
      if (since?.every(leaveObjects) === true) {
        if (Date.now() - current.takenAt > this.#maxAgeMs) this.#refreshInBackground(current);
        return current;
      }
    }
    return this.get();
  }

  /**
   * The kept answer when only container events came since it was asked (taken again in the
   * background once old, as get() does); null otherwise.
   */
  #keptBeforeContainerEvents(): EngineSnapshotEntry | null {
    const current = this.#current;
    const onlyContainers =
      this.#live &&
      current !== null &&
      current.generation !== this.#generation &&
      current.facets.images === this.#facets.images &&
      current.facets.other === this.#facets.other;
    if (!onlyContainers) return null;
    if (Date.now() - current.takenAt > this.#maxAgeMs) this.#refreshInBackground(current);
    return current;
  }

  /**
   * A value only engine events change (the image rows, say), kept like the df answer: while
   * the stream is followed, until an event changes a facet it depends on; shared by everyone
   * asking meanwhile. A container event does not list 2,000 images again.
   */
  keep<T>(
    key: string,
    dependsOn: readonly SnapshotFacet[],
    fetch: () => Promise<T>,
    update?: Update<T>,
    /** Asked again (whole) once older than this: for what also changes without an event. */
    maxAgeMs = Number.POSITIVE_INFINITY,
  ): Promise<T> {
    const generations = dependsOn.map((facet) => this.#facets[facet]);
    const stamp = generations.join(':');
    const kept = this.#kept.get(key) as Kept<T> | undefined;
    const fresh = kept !== undefined && Date.now() - kept.askedAt <= maxAgeMs;
    // Without the stream a value is kept only while it is being fetched: callers meanwhile
    // share that fetch (at start-up the image list and the disk answer both ask for the images).
    if (kept !== undefined && kept.stamp === stamp && (kept.pending || (this.#live && fresh))) {
      return kept.promise;
    }
    // A value the stream has followed since it was asked, and only known changes since: it may
    // be brought up to date from them instead of asked for whole.
    const changes =
      update !== undefined && this.#live && fresh && kept?.pending === false
        ? this.#changesSince(dependsOn, kept.generations)
        : null;
    const updated = changes !== null ? (update?.(kept?.value as T, changes) ?? null) : null;
    const promise = updated ?? fetch();
    const entry: Kept<T> = {
      stamp,
      generations,
      askedAt: updated !== null && kept !== undefined ? kept.askedAt : Date.now(),
      promise,
      pending: true,
    };
    this.#kept.set(key, entry as Kept);
    promise.then(
      (value) => {
        entry.pending = false;
        entry.value = value;
      },
      () => {
        if (this.#kept.get(key)?.promise === promise) this.#kept.delete(key);
      },
    );
    return promise;
  }

  /** The facets' changes since these generations, oldest first; null when one is not known. */
  #changesSince(facets: readonly SnapshotFacet[], since: readonly number[]): EngineChange[] | null {
    const changes: EngineChange[] = [];
    for (const [index, facet] of facets.entries()) {
      const log = this.#log[facet];
      const from = (since[index] as number) - log.base;
      if (from < 0) return null;
      for (const change of log.changes.slice(from)) {
        if (change === null) return null;
        changes.push(change);
      }
    }
    return changes;
  }

  /**
   * docker info's storage facts; they change only when the engine restarts, which breaks the
   * event stream: kept while it is followed without a break (a scan after every container event
   * asked for them again, 10 to 35 ms of each).
   */
  storageInfo(): Promise<StorageInfo> {
    if (!this.#live) return this.engine.storageInfo();
    this.#info ??= this.engine.storageInfo().catch((error: unknown) => {
      this.#info = null;
      throw error;
    });
    return this.#info;
  }

  /**
   * The engine's reachability, versions and storage, for GET /api/health, which every open page
   * asks every 10 s: a docker info each, 10 to 20 ms of the engine's CPU at 2,000 images, in the
   * middle of whatever the page was drawing. What docker info says changes only when the engine
   * restarts, which breaks the event stream: while it is followed, the answer is kept as
   * storageInfo is, and a GET /_ping (the engine's cheapest call) tells it is still up. An
   * unreachable answer is never kept.
   */
  async status(): Promise<EngineStatus> {
    if (!this.#live) return this.engine.status();
    const known = this.#status;
    if (known !== null) {
      if (await this.engine.answers()) return known;
      if (this.#status === known) this.#status = null;
      return this.engine.status();
    }
    const asked = this.engine.status();
    this.#status = asked;
    const status = await asked.catch((error: unknown) => {
      if (this.#status === asked) this.#status = null;
      throw error;
    });
    if (!status.reachable && this.#status === asked) this.#status = null;
    return status;
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
    const facets = { ...this.#facets };
    const flight = this.#inflight;
    if (flight !== null && flight.generation === generation) return flight.entry;
    // Engines before API 1.42 refuse a second df while one runs: queue behind it.
    const before = flight?.entry.catch(() => {});
    const entry = Promise.resolve(before).then(async () => {
      const takenAt = Date.now();
      const { objects, ...answer } = await this.engine.diskUsage();
      const taken = {
        usage: sameImagesAs(this.#current?.usage ?? null, answer),
        objects: sameObjectsAs(this.#current?.objects ?? null, objects),
        takenAt,
        generation,
        facets,
      };
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
        if (this.#onRefreshed !== undefined && differs(stale, entry)) {
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
