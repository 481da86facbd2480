import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, type VolumeList, VolumeListSchema } from '@footprint/shared';
import { serializedOnce } from '../serialized-once.js';

export const volumeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const send = serializedOnce<VolumeList>();
  app.get(
    apiRoutes.volumes,
    {
      schema: {
        summary: 'Every volume with its size (engine) and the containers that mount it',
        tags: ['volumes'],
        response: { 200: VolumeListSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => send(request, reply, await request.engine.objectLists.volumes()),
  );
};
