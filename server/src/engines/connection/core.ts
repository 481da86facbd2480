import type { FastifyBaseLogger } from 'fastify';
import type { Engine } from '../../engine/engine.js';
import type { EventBus } from '../../services/event-bus.js';
import type { EngineSnapshot } from '../../services/engine-snapshot.js';
import type { Inventory } from '../../services/inventory.js';
import type { DockerCredentials } from '../../registry/credentials.js';
import type { RegistryClient } from '../../registry/registry-client.js';
import type { WorkerPools } from '../../workers/worker-pools.js';
import type { Lifecycle } from './lifecycle.js';
import type { ConnectionSignals } from './signals.js';

/** What every part of an engine connection is wired from (engine-connection.ts builds it). */
export interface ConnectionCore {
  engine: Engine;
  /** The data root as this process sees it; null: the engine's DockerRootDir. */
  dataRoot: string | null;
  /** Why this engine's data root is not read from here (a remote engine); null: it is. */
  diskUnreadable: string | null;
  /** This engine's own state directory; null: kept in memory. */
  stateDir: string | null;
  log: FastifyBaseLogger;
  /** What the page hears about this engine (its /events stream). */
  events: EventBus;
  signals: ConnectionSignals;
  snapshot: EngineSnapshot;
  inventory: Inventory;
  lifecycle: Lifecycle;
  /** The app's worker threads, shared by every engine; the app ends them, never a connection. */
  pools: WorkerPools;
}

/** The registry side, one for the app: every engine pulls through the same credentials. */
export interface RegistryAccess {
  credentials: DockerCredentials;
  client: RegistryClient;
}
