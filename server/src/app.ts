import { STATUS_CODES } from 'node:http';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type ApiError, apiRoutes } from '@footprint/shared';
import Fastify, { type FastifyError, type FastifyServerOptions, LogController } from 'fastify';
import { registerActions } from './app-actions.js';
import { registerDiskTruth } from './app-disk.js';
import { registerExplorer } from './app-explorer.js';
import { registerLists } from './app-lists.js';
import { registerRegistries } from './app-registries.js';
import { Engine } from './engine/engine.js';
import { EngineClient } from './engine/engine-client.js';
import { AppError } from './errors.js';
import { compiledOnFirstUse } from './lazy-schemas.js';
import { diskRoutes } from './routes/disk/index.js';
import { eventRoutes } from './routes/events/index.js';
import { healthRoutes } from './routes/health/index.js';
import { imageRoutes } from './routes/images/index.js';
import { securityPlugin } from './security/security-plugin.js';
import { newToken } from './security/session-token.js';
import { EngineSnapshot } from './services/engine-snapshot.js';
import { KeptEngine } from './services/kept-engine.js';
import { EventBus } from './services/event-bus.js';
import { Inventory } from './services/inventory.js';
import { type EngineState, openEngineState } from './state/state-dir.js';

declare module 'fastify' {
  interface FastifyInstance {
    inventory: Inventory;
    events: EventBus;
    engineSnapshot: EngineSnapshot;
  }
}

export interface AppOptions {
  dockerHost: string;
  dockerCertPath?: string | null;
  dataRoot?: string | null;
  /**
   * The dashboard's own files (scan cache, last-use record, layer indexes) in exactly this
   * directory; tests give each app a temp dir. Locked while the app runs.
   */
  stateDir?: string;
  /**
   * Where every engine's state directory goes (FOOTPRINT_STATE_DIR): this engine's is chosen
   * under it by its ID and data root (state/state-dir.ts). Ignored when stateDir is given.
   */
  stateRoot?: string;
  /** Built web UI to serve at /; null or absent: API only. */
  webRoot?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Log every request and its response (default: no). */
  logRequests?: boolean;
  /** Address the server binds, for the Host check; default 127.0.0.1. */
  host?: string;
  /** The port it will listen on; once it listens, the Host check uses the real one. */
  port?: number | null;
  /** More "name[:port]" Host values to answer to (FOOTPRINT_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  /** The session token; absent or null: a new random one for this launch. */
  token?: string | null;
  /** Refuse every destructive route with 403 (FOOTPRINT_READ_ONLY). */
  readOnly?: boolean;
  /** Follow the engine's event stream; default true. */
  watchEngine?: boolean;
  /** How old a kept df answer may be before it is asked again in the background (15 s). */
  engineMaxAgeMs?: number;
  /** The docker CLI config dir with registry credentials; null: $DOCKER_CONFIG, else ~/.docker. */
  dockerConfigDir?: string | null;
  /** CA certificates per registry, `<dir>/<host[:port]>/ca.crt` as /etc/docker/certs.d. */
  registryCertsDir?: string | null;
}

function errorBody(statusCode: number, code: string, message: string): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message };
}

/** How long start-up waits for the engine to say who it is before keeping the state in memory. */
const identifyTimeoutMs = 5000;

/**
 * Builds the whole application; the server and the tests both start from here. Throws
 * StateLockedError when another server keeps this engine's records (state/state-lock.ts).
 */
export async function buildApp(options: AppOptions) {
  const engine = new Engine(
    new EngineClient({
      dockerHost: options.dockerHost,
      dockerCertPath: options.dockerCertPath ?? null,
    }),
  );
  const state = await openEngineState({ dir: options.stateDir, root: options.stateRoot }, () =>
    identifyEngine(engine),
  );
  try {
    return await assemble(options, engine, state);
  } catch (error) {
    await state.release();
    throw error;
  }
}

async function identifyEngine(engine: Engine) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), identifyTimeoutMs);
  });
  try {
    return await Promise.race([engine.identity().catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function assemble(options: AppOptions, engine: Engine, state: EngineState) {
  const app = Fastify({
    logger: options.logger ?? false,
    // The page asks for the same few answers all the time: a log line per request is noise
    // (and, under load, a good part of the work). LOG_LEVEL=debug brings them back.
    logController: new LogController({ disableRequestLogging: !(options.logRequests ?? false) }),
    // Image references run to ~520 characters; fastify's default cap on a path parameter is 100.
    routerOptions: { maxParamLength: 1024 },
    schemaController: compiledOnFirstUse(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // The first onClose hook runs last (fastify runs them in reverse): the lock is given back
  // after every service has written its records.
  app.addHook('onClose', async () => state.release());
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) return;
    await state
      .listening(address.port)
      .catch((error: unknown) =>
        app.log.warn({ err: error }, 'the state lock could not be given the port'),
      );
  });
  if (state.note !== null) app.log.warn(`State: ${state.note}`);
  const stateDir = state.dir;
  const events = new EventBus(app.log);
  const snapshot = new EngineSnapshot(engine, {
    ...(options.engineMaxAgeMs !== undefined ? { maxAgeMs: options.engineMaxAgeMs } : {}),
    // Sizes that grew without an event: pages re-fetch what shows them, and the disk is
    // measured again where it can grow so (app.diskTruth is decorated below).
    onRefreshed: () => {
      events.publish({
        type: 'inventory-changed',
        resources: ['containers', 'volumes', 'build-cache', 'disk'],
      });
      if (app.diskTruth.hasScanned) app.diskTruth.refresh();
    },
  });
  app.decorate('engineSnapshot', snapshot);
  // The engine's answers kept from before this start: the pages' first answers (the engine is
  // asked meanwhile); once its own are in, pages fetch again.
  const keptEngine = new KeptEngine(stateDir, (key) => {
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
  app.addHook('onClose', async () => keptEngine.flush());
  app.decorate(
    'inventory',
    new Inventory(engine, snapshot, {
      dataRoot: options.dataRoot ?? null,
      // Read at request time: app.diskTruth is decorated below.
      layerDisk: (cacheId) => app.diskTruth.layerDisk(cacheId),
      kept: keptEngine,
    }),
  );
  app.decorate('events', events);
  // A request that may have changed the engine makes the kept df answer old before its reply
  // goes out, so the page's next read sees the change even if the engine's event is still on
  // its way.
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') snapshot.changed();
  });
  app.decorate('sessionToken', options.token ?? newToken());

  // First: nothing else runs for a request this refuses.
  await app.register(securityPlugin, {
    bindHost: options.host ?? '127.0.0.1',
    port: options.port ?? null,
    allowedHosts: options.allowedHosts ?? [],
    token: app.sessionToken,
    readOnly: options.readOnly ?? false,
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply
        .code(error.statusCode)
        .send(errorBody(error.statusCode, error.code, error.message));
    }
    if (error.validation) {
      return reply.code(400).send(errorBody(400, 'VALIDATION_FAILED', error.message));
    }
    const statusCode = error.statusCode ?? 500;
    if (statusCode < 500) {
      return reply
        .code(statusCode)
        .send(errorBody(statusCode, error.code ?? 'BAD_REQUEST', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .send(
        errorBody(
          500,
          'INTERNAL_ERROR',
          'Unexpected server error; the server log has the details.',
        ),
      );
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'docker-footprint API',
        description: 'Docker images and their on-disk footprint.',
        version: '0.1.0',
      },
    },
  });
  app.get(apiRoutes.openapi, { schema: { hide: true } }, () => app.swagger());

  await app.register(healthRoutes);
  await app.register(imageRoutes);
  await app.register(diskRoutes);
  await registerDiskTruth(app, {
    dataRoot: options.dataRoot ?? null,
    stateDir,
  });
  await app.register(eventRoutes);
  await registerExplorer(app, engine, {
    dataRoot: options.dataRoot ?? null,
    stateDir,
  });
  await registerLists(app);
  await registerRegistries(app, {
    dockerConfigDir: options.dockerConfigDir ?? null,
    registryCertsDir: options.registryCertsDir ?? null,
    stateDir,
  });
  await registerActions(app, engine, {
    dataRoot: options.dataRoot ?? null,
    stateDir,
    readOnly: options.readOnly ?? false,
    watchEngine: options.watchEngine ?? true,
  });

  if (options.webRoot) {
    // Files are looked up per request (wildcard), so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: options.webRoot });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (options.webRoot && request.method === 'GET' && !path.startsWith('/api/')) {
      // A client-side route: the single-page app decides what to show.
      return reply.sendFile('index.html');
    }
    return reply
      .code(404)
      .send(errorBody(404, 'ROUTE_NOT_FOUND', `No route ${request.method} ${path}.`));
  });

  return app;
}
