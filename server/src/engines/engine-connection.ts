import type { EngineSummary } from '@footprint/shared';
import type { FastifyBaseLogger } from 'fastify';
import { EngineActions } from '../engine/engine-actions.js';
import type { Engine } from '../engine/engine.js';
import type { DiskTruth } from '../services/disk-truth.js';
import { EngineSnapshot } from '../services/engine-snapshot.js';
import { EventBus } from '../services/event-bus.js';
import { ImageDetails } from '../services/image-details.js';
import { Inventory } from '../services/inventory.js';
import { KeptEngine } from '../services/kept-engine.js';
import { LayerCatalog } from '../services/layer-catalog.js';
import type { LayerExplorer } from '../services/layer-explorer.js';
import { ObjectLists } from '../services/object-lists.js';
import type { PullPreviewer } from '../services/pull-preview.js';
import type { PullRunner } from '../services/pull-runner.js';
import type { UpdateChecker } from '../services/update-check.js';
import type { EngineState } from '../state/state-dir.js';
import type { EngineSource } from './engine-source.js';
import { type ActionParts, wireActions } from './connection/actions-part.js';
import type { ConnectionCore, RegistryAccess } from './connection/core.js';
import { wireDisk } from './connection/disk-part.js';
import { wireExplorer } from './connection/explorer-part.js';
import { Lifecycle } from './connection/lifecycle.js';
import { wirePulls, wireUpdates } from './connection/registry-parts.js';
import { ConnectionSignals } from './connection/signals.js';
import { summarizeConnection } from './connection/summary.js';
import type { WorkerPools } from '../workers/worker-pools.js';

export interface ConnectionOptions {
  source: EngineSource;
  engine: Engine;
  /** This engine's state, opened (and locked) by the caller; released when the connection closes. */
  state: EngineState;
  /** The data root as this process sees it (DOCKER_DATA_ROOT); null: the engine's DockerRootDir. */
  dataRoot: string | null;
  /** Why this engine's data root is not read from here (a remote engine); null: it is. */
  diskUnreadable: string | null;
  log: FastifyBaseLogger;
  registries: RegistryAccess;
  watchEngine: boolean;
  /** How old a kept df answer may be before it is asked again in the background (15 s). */
  engineMaxAgeMs?: number | undefined;
  /** The default engine: the one the unscoped /api/... routes answer for. */
  isDefault: boolean;
  /** The app's worker threads, shared by every engine; the app ends them, never a connection. */
  pools: WorkerPools;
}

/**
 * One engine and everything the dashboard knows of it: its client, event watcher, snapshot,
 * inventory, disk truth and scans, explorer, actions, pulls and update checks, with its own
 * state directory and its own event bus. Routes find it by its ID (engine-registry.ts) and read
 * every service from it; nothing here knows of another engine, so a figure or an action of one
 * engine can never reach another.
 */
export class EngineConnection implements ActionParts {
  readonly id: string;
  readonly events: EventBus;
  readonly snapshot: EngineSnapshot;
  readonly inventory: Inventory;
  readonly diskTruth: DiskTruth;
  readonly layerExplorer: LayerExplorer;
  readonly imageDetails: ImageDetails;
  readonly layerCatalog: LayerCatalog;
  readonly objectLists: ObjectLists;
  readonly pullPreviewer: PullPreviewer;
  readonly pulls: PullRunner;
  readonly updateChecker: UpdateChecker;
  readonly lastUse: ActionParts['lastUse'];
  readonly engineWatcher: ActionParts['engineWatcher'];
  readonly imageList: ActionParts['imageList'];
  readonly imageRemover: ActionParts['imageRemover'];
  readonly imageTagger: ActionParts['imageTagger'];
  readonly imageArchives: ActionParts['imageArchives'];
  readonly containerRemover: ActionParts['containerRemover'];
  readonly measuredRemoval: ActionParts['measuredRemoval'];
  readonly prune: ActionParts['prune'];
  readonly #lifecycle: Lifecycle;
  readonly #options: ConnectionOptions;
  #closing: Promise<void> | null = null;

  private constructor(
    options: ConnectionOptions,
    core: ConnectionCore,
    parts: {
      diskTruth: DiskTruth;
      layerExplorer: LayerExplorer;
      actions: ActionParts;
      pulls: { pullPreviewer: PullPreviewer; pulls: PullRunner };
      updateChecker: UpdateChecker;
    },
  ) {
    this.#options = options;
    this.id = options.source.id;
    this.events = core.events;
    this.snapshot = core.snapshot;
    this.inventory = core.inventory;
    this.#lifecycle = core.lifecycle;
    this.diskTruth = parts.diskTruth;
    this.layerExplorer = parts.layerExplorer;
    this.lastUse = parts.actions.lastUse;
    this.engineWatcher = parts.actions.engineWatcher;
    this.imageList = parts.actions.imageList;
    this.imageRemover = parts.actions.imageRemover;
    this.imageTagger = parts.actions.imageTagger;
    this.imageArchives = parts.actions.imageArchives;
    this.containerRemover = parts.actions.containerRemover;
    this.measuredRemoval = parts.actions.measuredRemoval;
    this.prune = parts.actions.prune;
    this.pullPreviewer = parts.pulls.pullPreviewer;
    this.pulls = parts.pulls.pulls;
    this.updateChecker = parts.updateChecker;
    const layerDisks = () => parts.diskTruth.layerDisks();
    this.imageDetails = new ImageDetails(core.inventory, layerDisks);
    this.layerCatalog = new LayerCatalog(core.inventory, layerDisks);
    this.objectLists = new ObjectLists(core.snapshot, new EngineActions(core.engine));
  }

  /** Wires every part; nothing talks to the engine until start() (or the first request). */
  static async open(options: ConnectionOptions): Promise<EngineConnection> {
    const lifecycle = new Lifecycle();
    // Registered first, so it runs last: the lock is given back after every record is written.
    lifecycle.onClose(() => options.state.release());
    // Then the client: an ssh engine's tunnel would otherwise stay open for seconds.
    lifecycle.onClose(() => options.engine.client.close());
    try {
      const core = wireCore(options, lifecycle);
      const diskTruth = wireDisk(core);
      const layerExplorer = wireExplorer(core, diskTruth);
      const actions = await wireActions(core, diskTruth, options);
      const pulls = wirePulls(core, diskTruth, options.registries);
      const updateChecker = await wireUpdates(core, options.registries);
      return new EngineConnection(options, core, {
        diskTruth,
        layerExplorer,
        actions,
        pulls,
        updateChecker,
      });
    } catch (error) {
      await lifecycle.close();
      throw error;
    }
  }

  get source(): EngineSource {
    return this.#options.source;
  }

  get engine(): Engine {
    return this.inventory.engine;
  }

  get isDefault(): boolean {
    return this.#options.isDefault;
  }

  /** Follows the engine (its event stream, update checks); the app calls it once it is ready. */
  start(): Promise<void> {
    return this.#lifecycle.start();
  }

  /** The port this server listens on, written beside the state lock (who holds it). */
  listening(port: number): Promise<void> {
    return this.#options.state.listening(port);
  }

  /** What the all-engines overview shows of it: never asks the engine more than the pages do. */
  summary(enabled = true): Promise<EngineSummary> {
    return summarizeConnection(this, enabled);
  }

  close(): Promise<void> {
    this.#closing ??= this.#lifecycle.close();
    return this.#closing;
  }
}

function wireCore(options: ConnectionOptions, lifecycle: Lifecycle): ConnectionCore {
  const { engine, log } = options;
  const stateDir = options.state.dir;
  const events = new EventBus(log);
  const signals = new ConnectionSignals();
  const snapshot = new EngineSnapshot(engine, {
    ...(options.engineMaxAgeMs !== undefined ? { maxAgeMs: options.engineMaxAgeMs } : {}),
    // Sizes that grew without an event: pages fetch again what shows them, and the disk is
    // measured again where it can grow so.
    onRefreshed: () => {
      events.publish({
        type: 'inventory-changed',
        resources: ['containers', 'volumes', 'build-cache', 'disk'],
      });
      signals.emit('sizes-grew', undefined);
    },
  });
  // The engine's answers kept from before this start: the pages' first answers (the engine is
  // asked meanwhile); once its own are in, pages fetch again.
  const kept = new KeptEngine(stateDir, (key) => {
    events.publish({
      type: 'inventory-changed',
      resources:
        key === 'images' || key === 'layers'
          ? ['images', 'disk']
          : key === 'containers'
            ? ['containers']
            : ['disk'],
    });
  });
  lifecycle.onClose(() => kept.flush());
  const inventory = new Inventory(engine, snapshot, {
    dataRoot: options.dataRoot,
    kept,
    pools: options.pools,
  });
  return {
    engine,
    dataRoot: options.dataRoot,
    diskUnreadable: options.diskUnreadable,
    stateDir,
    log,
    events,
    signals,
    snapshot,
    inventory,
    lifecycle,
    pools: options.pools,
  };
}
