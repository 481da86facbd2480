import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { engineScopePrefix } from '@footprint/shared';
import { Engine } from './engine/engine.js';
import type { EngineClient } from './engine/engine-client.js';
import { EngineConnection } from './engines/engine-connection.js';
import { EngineRegistry } from './engines/engine-registry.js';
import { followEngineSources } from './engines/follow-sources.js';
import { within } from './engines/within.js';
import type { DiscoverOptions } from './engines/sources/index.js';
import type { EngineSource } from './engines/engine-source.js';
import type { RegistryAccess } from './engines/connection/core.js';
import { engineRouteSet, scopeRoutesToEngine } from './routes/engine-scope.js';
import { engineListRoutes } from './routes/engines/index.js';
import { isLoopbackAddress } from './security/own-hosts.js';
import { type EngineState, inMemory, openEngineState } from './state/state-dir.js';
import { StateLockedError } from './state/state-lock.js';
import type { WorkerPools } from './workers/worker-pools.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every engine followed, by ID (issue 19); `engines.default` answers the unscoped routes. */
    engines: EngineRegistry;
  }
  interface FastifyRequest {
    /** The engine this request is for: named in its path, else the default one. */
    engine: EngineConnection;
  }
}

export interface EnginesOptions {
  /** The default engine, already opened (its state locked) by buildApp. */
  defaultEngine: { source: EngineSource; engine: Engine; state: EngineState };
  dataRoot: string | null;
  stateDir: string | undefined;
  stateRoot: string | undefined;
  registries: RegistryAccess;
  watchEngine: boolean;
  engineMaxAgeMs: number | undefined;
  /** More engines to follow from the start (FOOTPRINT_ENGINES, contexts, tests). */
  engines: readonly EngineSource[];
  /** Makes the client of an engine other than the default one. */
  clientFor: (source: EngineSource) => EngineClient;
  /** Follow the docker contexts and Podman connections found (and FOOTPRINT_ENGINES); null: no. */
  discovery: DiscoverOptions | null;
  /** The app's worker threads, lent to every engine (the app ends them). */
  pools: WorkerPools;
}

/** How long opening an engine waits for it to say who it is, before keeping its state in memory. */
const identifyTimeoutMs = 5000;

/**
 * The engines: the default one's connection, the registry of the others, the engine list routes,
 * and every per-engine route twice: unscoped for the default engine, and under
 * /api/engines/:engineId for the one named.
 */
export async function registerEngines(app: FastifyInstance, options: EnginesOptions) {
  const base = {
    log: app.log,
    registries: options.registries,
    watchEngine: options.watchEngine,
    engineMaxAgeMs: options.engineMaxAgeMs,
    pools: options.pools,
  };
  const defaultConnection = await EngineConnection.open({
    ...base,
    ...options.defaultEngine,
    dataRoot: options.dataRoot,
    diskUnreadable: null,
    isDefault: true,
  });
  const stateHome = options.stateDir ?? options.stateRoot;
  const registry = await EngineRegistry.create(defaultConnection, {
    log: app.log,
    settingsFile: stateHome === undefined ? null : join(stateHome, 'engines.json'),
    open: async (source) => {
      const engine = new Engine(options.clientFor(source));
      // Each engine keeps its records in its own directory: under the state root by its ID and
      // data root, or (a test's exact state dir) beside the default engine's.
      const state = await openEngineState(
        options.stateDir !== undefined
          ? { dir: join(options.stateDir, 'engines', source.id) }
          : { root: options.stateRoot },
        () => identifyEngine(engine),
      ).catch((error: unknown) => {
        // The same engine reached a second way (its socket and ssh): this process holds its
        // records already, under the other name.
        if (error instanceof StateLockedError && error.holder.pid === process.pid) {
          return inMemory(
            `the engine "${source.name}" is also followed here under another name, which keeps ` +
              'its records; this one keeps them in memory.',
          );
        }
        throw error;
      });
      if (state.note !== null) app.log.warn({ engine: source.name }, `State: ${state.note}`);
      try {
        return await EngineConnection.open({
          ...base,
          source,
          engine,
          state,
          log: app.log.child({ engine: source.name }),
          dataRoot: null,
          diskUnreadable: remoteReason(source),
          isDefault: false,
        });
      } catch (error) {
        await state.release();
        throw error;
      }
    },
  });
  if (options.discovery === null) await registry.sync(options.engines);
  else {
    const stopFollowing = await followEngineSources(
      registry,
      options.discovery,
      options.engines,
      app.log,
    );
    app.addHook('onClose', async () => stopFollowing());
  }
  app.decorate('engines', registry);
  app.decorateRequest('engine', null as unknown as EngineConnection);
  app.addHook('onReady', async () => registry.start());
  // Fastify runs onClose hooks last-added first: the other engines close before the default one.
  app.addHook('onClose', async () => defaultConnection.close());
  app.addHook('onClose', async () => registry.close());
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) return;
    await defaultConnection
      .listening(address.port)
      .catch((error: unknown) =>
        app.log.warn({ err: error }, 'the state lock could not be given the port'),
      );
  });
  // A request that may have changed its engine makes that engine's kept df answer old before
  // the reply goes out, so the page's next read sees the change even if the engine's event is
  // still on its way.
  app.addHook('onSend', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    // An app-wide route (a registry's) answers beside the default engine, as it always did.
    const engine = (request.engine as EngineConnection | null) ?? registry.default;
    engine.snapshot.changed();
  });

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      request.engine = registry.default;
    });
    await scope.register(engineRouteSet);
  });
  await app.register(async (scope) => {
    scopeRoutesToEngine(scope, engineScopePrefix, (id) => registry.get(id));
    await scope.register(engineRouteSet);
  });
  await app.register(engineListRoutes);
  return registry;
}

/** Who the engine is, for its state directory; null when it does not answer in time. */
export function identifyEngine(engine: Engine) {
  return within(
    engine.identity().catch(() => null),
    identifyTimeoutMs,
    () => null,
  );
}

/**
 * Why an engine's data root is not read from here: it is on another host. A socket is local; so
 * is a tcp or ssh address on the loopback (a daemon or sshd on this machine), whose data root is
 * a path on this machine.
 */
export function remoteReason(source: EngineSource): string | null {
  const { endpoint } = source;
  const host = endpoint.address?.hostname ?? endpoint.ssh?.host ?? null;
  if (endpoint.transport === 'unix' || endpoint.transport === 'npipe') return null;
  if (host !== null && isLoopbackAddress(host)) return null;
  return (
    `This engine runs on ${host ?? 'another host'}: its data root is a directory there, not ` +
    'here, so only the engine’s own figures are shown. To see its disk as du sees it, run the ' +
    'dashboard on that host.'
  );
}
