import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, DiskUsageSchema } from '@footprint/shared';

export const diskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    apiRoutes.disk,
    {
      schema: {
        summary:
          'Disk usage by images, containers, local volumes and build cache (docker system df)',
        tags: ['disk'],
        response: { 200: DiskUsageSchema, '5xx': ApiErrorSchema },
      },
    },
    () => app.inventory.diskUsage(),
  );
};
