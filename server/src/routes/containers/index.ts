import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, ContainerListSchema } from '@footprint/shared';

export const containerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    apiRoutes.containers,
    {
      schema: {
        summary: 'Every container with its writable layer and log files, engine and on disk',
        tags: ['containers'],
        response: { 200: ContainerListSchema, '5xx': ApiErrorSchema },
      },
    },
    (request) => request.engine.diskTruth.containers(),
  );
};
