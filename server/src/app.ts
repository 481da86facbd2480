import { STATUS_CODES } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type ApiError, apiRoutes } from '@footprint/shared';
import Fastify, { type FastifyError, type FastifyServerOptions, LogController } from 'fastify';
import { type EnginesOptions, identifyEngine, registerEngines } from './app-engines.js';
import { registerRegistries } from './app-registries.js';
import { registerRegistryBrowser } from './app-registry-browser.js';
import { Engine } from './engine/engine.js';
import { EngineClient } from './engine/engine-client.js';
import { defaultClientFor, defaultEngineSource } from './engines/default-source.js';
import type { EngineSource } from './engines/engine-source.js';
import type { DiscoverOptions } from './engines/sources/index.js';
import { AppError } from './errors.js';
import { ajvOptions, compiledOnFirstUse } from './lazy-schemas.js';
import { sessionRoutes } from './routes/session/index.js';
import { type NotFound, registerWebUi } from './routes/web-ui.js';
import { parseRequestTarget } from './security/request-target.js';
import { securityPlugin } from './security/security-plugin.js';
import { newToken } from './security/session-token.js';
import { openEngineState } from './state/state-dir.js';
import { WorkerPools } from './workers/worker-pools.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-launch session token (printed at start-up in the URL to open). */
    sessionToken: string;
    readOnly: boolean;
    /** The app's worker threads, shared by its engines; ended once, after every engine closed. */
    pools: WorkerPools;
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
  /**
   * More engines to follow beside the default one (dockerHost): docker contexts, Podman
   * connections, FOOTPRINT_ENGINES (main.ts discovers them), or a test's second daemon.
   */
  engines?: readonly EngineSource[];
  /**
   * Follow every engine configured here (docker contexts, Podman connections and sockets, as
   * FOOTPRINT_ENGINES selects), picked up again when they change; absent or null: only `engines`.
   */
  discovery?: DiscoverOptions | null;
  /** The client for an engine other than the default one; default: from its endpoint. */
  clientFor?: (source: EngineSource) => EngineClient;
  /**
   * The worker threads (server.ts makes them before the server loads, to start the first
   * scan's early); absent: the app makes its own. Either way the app ends them when it closes.
   */
  pools?: WorkerPools;
}

function errorBody(statusCode: number, code: string, message: string): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message };
}

/**
 * Builds the whole application; the server and the tests both start from here. Throws
 * StateLockedError when another server keeps this engine's records (state/state-lock.ts).
 */
export async function buildApp(options: AppOptions) {
  const source = defaultEngineSource(options.dockerHost, options.dockerCertPath ?? null);
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
    return await assemble(options, { source, engine, state });
  } catch (error) {
    await state.release();
    throw error;
  }
}

async function assemble(options: AppOptions, defaultEngine: EnginesOptions['defaultEngine']) {
  const app = Fastify({
    logger: options.logger ?? false,
    // The page asks for the same few answers all the time: a log line per request is noise
    // (and, under load, a good part of the work). LOG_LEVEL=debug brings them back.
    logController: new LogController({ disableRequestLogging: !(options.logRequests ?? false) }),
    // Image references run to ~520 characters; fastify's default cap on a path parameter is 100.
    routerOptions: { maxParamLength: 1024 },
    schemaController: compiledOnFirstUse(),
    ajv: ajvOptions,
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (defaultEngine.state.note !== null) app.log.warn(`State: ${defaultEngine.state.note}`);
  app.decorate('sessionToken', options.token ?? newToken());
  app.decorate('readOnly', options.readOnly ?? false);

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

  await app.register(sessionRoutes);
  // The registry side is the app's: every engine pulls through the same credentials and client.
  const registries = await registerRegistries(app, {
    dockerConfigDir: options.dockerConfigDir ?? null,
    registryCertsDir: options.registryCertsDir ?? null,
  });
  const pools = options.pools ?? new WorkerPools();
  app.decorate('pools', pools);
  // Added before the engines' hooks, so it runs after them (fastify runs onClose hooks
  // last-added first): the threads end once, when no engine uses them any more.
  app.addHook('onClose', async () => pools.close());
  await registerEngines(app, {
    defaultEngine,
    pools,
    dataRoot: options.dataRoot ?? null,
    stateDir: options.stateDir,
    stateRoot: options.stateRoot,
    registries,
    watchEngine: options.watchEngine ?? true,
    engineMaxAgeMs: options.engineMaxAgeMs,
    engines: options.engines ?? [],
    clientFor: options.clientFor ?? defaultClientFor,
    discovery: options.discovery ?? null,
  });
  // The registry browser's "local copy" column is the default engine's.
  await registerRegistryBrowser(app, { stateDir: defaultEngine.state.dir, registries });

  const routeNotFound: NotFound = (request, reply) =>
    reply
      .code(404)
      .send(
        errorBody(
          404,
          'ROUTE_NOT_FOUND',
          `No route ${request.method} ${parseRequestTarget(request.url)?.rawPath ?? request.url}.`,
        ),
      );
  if (options.webRoot) await registerWebUi(app, options.webRoot, routeNotFound);
  else app.setNotFoundHandler(routeNotFound);

  return app;
}
