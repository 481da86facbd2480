import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  type BuildCacheList,
  BuildCacheListSchema,
} from '@footprint/shared';
import { serializedOnce } from '../serialized-once.js';

export const buildCacheRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const send = serializedOnce<BuildCacheList>();
  app.get(
    apiRoutes.buildCache,
    {
      schema: {
        summary: 'Every build cache record with its size (engine), in use and shared flags',
        tags: ['build-cache'],
        response: { 200: BuildCacheListSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => send(request, reply, await request.engine.objectLists.buildCache()),
  );
};
