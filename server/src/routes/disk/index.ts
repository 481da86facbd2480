import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, type DiskUsage, DiskUsageSchema } from '@footprint/shared';
import { serializedOnce } from '../serialized-once.js';

export const diskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const send = serializedOnce<DiskUsage>();

  app.get(
    apiRoutes.disk,
    {
      schema: {
        summary:
          'Disk usage: the engine’s figures (docker system df) and the data root measured on disk',
        tags: ['disk'],
        response: { 200: DiskUsageSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => send(request, reply, await request.engine.diskTruth.diskUsage()),
  );
};
