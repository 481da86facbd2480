import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { apiRoutes, HealthSchema } from '@footprint/shared';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    apiRoutes.health,
    {
      schema: {
        summary: 'Whether the engine is reachable, its versions, storage driver and data root',
        tags: ['system'],
        response: { 200: HealthSchema },
      },
    },
    (request) => request.engine.inventory.health(),
  );
};
