import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { apiRoutes, type ServerEvent } from '@footprint/shared';
import { eventStreams } from '../event-stream.js';

export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const streams = eventStreams(app);

  app.get(
    apiRoutes.events,
    {
      schema: {
        summary: 'Server-sent events: engine reachability, inventory changes, scan progress',
        tags: ['events'],
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      streams.open(request, reply, (send) =>
        request.engine.events.subscribe((event: ServerEvent) => send(event.type, event)),
      );
    },
  );
};
