import { STATUS_CODES } from 'node:http';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type ApiError, apiRoutes } from '@footprint/shared';
import Fastify, { type FastifyError, type FastifyServerOptions } from 'fastify';
import { Engine } from './engine/engine.js';
import { EngineClient } from './engine/engine-client.js';
import { AppError } from './errors.js';
import { diskRoutes } from './routes/disk/index.js';
import { eventRoutes } from './routes/events/index.js';
import { healthRoutes } from './routes/health/index.js';
import { imageRoutes } from './routes/images/index.js';
import { EventBus } from './services/event-bus.js';
import { Inventory } from './services/inventory.js';

declare module 'fastify' {
  interface FastifyInstance {
    inventory: Inventory;
    events: EventBus;
  }
}

export interface AppOptions {
  dockerHost: string;
  dockerCertPath?: string | null;
  dataRoot?: string | null;
  /** The dashboard's own files (scan cache, last-use record); tests give each app a temp dir. */
  stateDir?: string;
  /** Built web UI to serve at /; null or absent: API only. */
  webRoot?: string | null;
  logger?: FastifyServerOptions['logger'];
}

function errorBody(statusCode: number, code: string, message: string): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message };
}

/** Builds the whole application; the server and the tests both start from here. */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    // Image references run to ~520 characters; fastify's default cap on a path parameter is 100.
    maxParamLength: 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const engine = new Engine(
    new EngineClient({
      dockerHost: options.dockerHost,
      dockerCertPath: options.dockerCertPath ?? null,
    }),
  );
  app.decorate('inventory', new Inventory(engine, { dataRoot: options.dataRoot ?? null }));
  app.decorate('events', new EventBus());

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
  await app.register(eventRoutes);

  if (options.webRoot) {
    await app.register(fastifyStatic, { root: options.webRoot, wildcard: false });
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
