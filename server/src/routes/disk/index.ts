import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, DiskUsageSchema } from '@footprint/shared';

export const diskRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
    () => app.diskTruth.diskUsage(),
  );
};
