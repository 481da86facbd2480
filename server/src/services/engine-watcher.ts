import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { InventoryChangedEvent } from '@footprint/shared';
import type { EngineChange } from '../domain/scan-scope.js';
import { type InventoryResource, resourcesOfEvent } from '../engine/action-mappers.js';
import type { EngineActions } from '../engine/engine-actions.js';
import { toDockerEvent } from '../engine/podman-compat.js';
import type { RawEvent } from '../engine/raw-action-types.js';
import { AppError } from '../errors.js';
import { type ErrorLog, stderrLog } from './error-log.js';
import type { EventBus } from './event-bus.js';
import type { LastUse } from './last-use.js';

export interface EngineWatcherOptions {
  /** Events closer together than this are one notification (a `docker rmi` of 50 images). */
  coalesceMs?: number;
  /** A steady stream of events still notifies at least this often. */
  maxDelayMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** The stream was opened: every change from now on comes as an event (before onLive(true)). */
  onOpened?(): void;
  /** The stream is followed (true) or lost (false): kept answers are trusted only meanwhile. */
  onLive?(live: boolean): void;
  /** Each event that changes a listing, at once, before coalescing. */
  onChange?(resources: InventoryResource[], change: EngineChange): void;
  /** Where a failing callback is reported (the app's logger); default: stderr. */
  log?: ErrorLog;
  /**
   * The IDs of the images there are now, for the last-use record, on each connect and after each
   * burst of image events. Default: from a /system/df asked now. The app gives the inventory's
   * kept image rows, which image events bring up to date one inspect per image: a df per burst
   * was over a second of the engine's CPU at 2,000 images.
   */
  imageIds?: () => Promise<readonly string[]>;
}

const allResources: InventoryResource[] = [
  'images',
  'containers',
  'volumes',
  'build-cache',
  'disk',
];

/**
 * Follows the engine's event stream (GET /events) and publishes `inventory-changed` on the bus,
 * coalesced; publishes `engine` when the engine goes away or comes back, reconnecting with
 * backoff; feeds the last-use record from container create/start events.
 */
export class EngineWatcher {
  readonly #coalesceMs: number;
  readonly #maxDelayMs: number;
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  #running = false;
  #stream: Readable | null = null;
  #wake: (() => void) | null = null;
  #reachable = true;
  #since: number | null = null;
  #pending = new Set<InventoryResource>();
  #timer: NodeJS.Timeout | null = null;
  #firstPendingAt = 0;
  #loop: Promise<void> | null = null;
  readonly #onOpened: () => void;
  /** Resolves start()'s promise: the first attempt to open the stream is over. */
  #attempted: () => void = () => {};
  readonly #onLive: (live: boolean) => void;
  readonly #onChange: (resources: InventoryResource[], change: EngineChange) => void;
  readonly #log: ErrorLog;
  readonly #imageIds: () => Promise<readonly string[]>;

  constructor(
    readonly actions: EngineActions,
    readonly bus: EventBus,
    readonly lastUse: LastUse,
    options: EngineWatcherOptions = {},
  ) {
    this.#coalesceMs = options.coalesceMs ?? 100;
    this.#maxDelayMs = options.maxDelayMs ?? 500;
    this.#initialBackoffMs = options.initialBackoffMs ?? 250;
    this.#maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.#onOpened = options.onOpened ?? (() => {});
    this.#onLive = options.onLive ?? (() => {});
    this.#onChange = options.onChange ?? (() => {});
    this.#log = options.log ?? stderrLog;
    this.#imageIds =
      options.imageIds ??
      (async () => (await this.actions.objects()).images.map((image) => image.id));
  }

  /**
   * Follows the engine's events from now on. Resolves once the stream is open or its first
   * attempt failed (2 s at most): answers kept from then on are good (see
   * EngineSnapshot.streamOpened), so the server opens its port after that.
   */
  start(): Promise<void> {
    if (this.#running) return Promise.resolve();
    this.#running = true;
    const attempted = new Promise<void>((resolve) => {
      this.#attempted = resolve;
      setTimeout(resolve, 2000).unref();
    });
    // #run handles the engine's failures itself; what reaches here is a bug in a callback, and
    // the loop's promise is raced in stop() only: say it, never leave it unhandled.
    this.#loop = this.#run().catch((error: unknown) => {
      this.#running = false;
      this.#log.error({ err: error }, 'the engine watcher stopped');
    });
    return attempted;
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#onLive(false);
    this.#stream?.destroy();
    this.#wake?.();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    // A call to an engine that is shutting down may hang until its timeout: do not wait for it.
    await Promise.race([this.#loop, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }

  async #run(): Promise<void> {
    let backoff = this.#initialBackoffMs;
    while (this.#running) {
      try {
        const stream = await this.actions.events(this.#since);
        this.#stream = stream;
        if (!this.#running) break;
        this.#onOpened();
        this.#attempted();
        await this.#seed();
        if (!this.#reachable) {
          this.#reachable = true;
          this.bus.publish({ type: 'engine', reachable: true, message: null });
          // Anything may have changed while it was away (a restart, a prune from the CLI).
          this.#notify(allResources);
        }
        backoff = this.#initialBackoffMs;
        this.#onLive(true);
        await this.#consume(stream);
        this.#onLive(false);
        // The stream ended (engine stopping, idle timeout): reconnect at once; a failure
        // there is what says the engine is away.
        continue;
      } catch (error) {
        this.#attempted();
        this.#onLive(false);
        if (!this.#running) break;
        if (this.#reachable) {
          this.#reachable = false;
          const message = error instanceof AppError ? error.message : String(error);
          this.bus.publish({ type: 'engine', reachable: false, message });
        }
      } finally {
        this.#stream = null;
      }
      await this.#sleep(backoff);
      backoff = Math.min(backoff * 2, this.#maxBackoffMs);
    }
  }

  /** On each (re)connect: what containers already tell about last use, and which images exist. */
  async #seed(): Promise<void> {
    const [containers, imageIds] = await Promise.all([this.actions.containers(), this.#imageIds()]);
    this.lastUse.observe(imageIds);
    const now = new Date();
    for (const container of containers) {
      const running = container.state === 'running' || container.state === 'restarting';
      this.lastUse.recordUse(container.imageId, running ? now : new Date(container.created));
    }
  }

  #consume(stream: Readable): Promise<void> {
    return new Promise((resolve) => {
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on('line', (line) => {
        if (line.trim() === '') return;
        let event: unknown;
        try {
          event = JSON.parse(line);
        } catch {
          event = null;
        }
        // A line that is not an event changes nothing we show.
        if (typeof event !== 'object' || event === null) return;
        // A failure in what the event sets off is a bug of ours, not a bad line: say so, and
        // go on following (a throw here would end the stream's 'line' handler for good).
        try {
          // Podman's events in Docker's words ("remove" is "destroy"…): podman-compat.ts.
          this.#handle(toDockerEvent(event as RawEvent));
        } catch (error) {
          this.#log.error({ err: error }, 'handling an engine event failed');
        }
      });
      const done = () => {
        lines.close();
        resolve();
      };
      // A dropped connection can error more than once (aborted, then reset): listen on.
      stream.on('error', done);
      lines.on('error', done);
      stream.once('end', done);
      stream.once('close', done);
    });
  }

  #handle(event: RawEvent): void {
    if (typeof event.time === 'number') this.#since = event.time;
    const resources = resourcesOfEvent(event);
    if (resources.length > 0) {
      const change = { type: event.Type, action: event.Action, actorId: event.Actor?.ID ?? null };
      // The pages hear of the change even if what the app does with it at once fails.
      try {
        this.#onChange(resources, change);
      } catch (error) {
        this.#log.error({ err: error }, 'reacting to an engine event failed');
      }
      this.#notify(resources);
    }
    if (event.Type === 'container' && (event.Action === 'create' || event.Action === 'start')) {
      const id = event.Actor?.ID;
      const at = event.timeNano ? new Date(event.timeNano / 1e6) : new Date();
      if (id) void this.#recordUse(id, at);
    }
  }

  async #recordUse(containerId: string, at: Date): Promise<void> {
    try {
      const imageId = await this.actions.containerImage(containerId);
      if (imageId !== null) this.lastUse.recordUse(imageId, at);
    } catch {
      // The engine went away meanwhile; the next connect seeds from the containers.
    }
  }

  /** Trailing coalescing: publish `coalesceMs` after the last event, or after `maxDelayMs`. */
  #notify(resources: InventoryResource[]): void {
    for (const resource of resources) this.#pending.add(resource);
    const now = Date.now();
    if (this.#timer === null) this.#firstPendingAt = now;
    else clearTimeout(this.#timer);
    const delay = Math.min(this.#coalesceMs, this.#firstPendingAt + this.#maxDelayMs - now);
    this.#timer = setTimeout(
      () => {
        // In a timer, a throw is an uncaught exception: the end of the process.
        try {
          this.#flush();
        } catch (error) {
          this.#log.error({ err: error }, 'notifying an engine change failed');
        }
      },
      Math.max(delay, 0),
    );
  }

  #flush(): void {
    this.#timer = null;
    if (this.#pending.size === 0) return;
    const event: InventoryChangedEvent = {
      type: 'inventory-changed',
      resources: allResources.filter((resource) => this.#pending.has(resource)),
    };
    this.#pending.clear();
    this.bus.publish(event);
    if (event.resources.includes('images')) {
      // New images are seen from now on, removed ones forgotten: once per burst, not per event.
      void this.#imageIds()
        .then((ids) => this.lastUse.observe(ids))
        .catch(() => {});
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }
}
