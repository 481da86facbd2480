import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  DuplicatesQuerySchema,
  DuplicatesSchema,
} from '@footprint/shared';

export const duplicateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    apiRoutes.duplicates,
    {
      schema: {
        summary: 'Identical files in several layers, and diffs stored under several chains',
        tags: ['layers'],
        querystring: DuplicatesQuerySchema,
        response: { 200: DuplicatesSchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    (request) => app.layerExplorer.duplicates.find(request.query.minBytes ?? 1024),
  );
};
