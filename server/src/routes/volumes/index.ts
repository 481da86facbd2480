import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, type VolumeList, VolumeListSchema } from '@footprint/shared';
import { EngineActions } from '../../engine/engine-actions.js';
import { ObjectLists } from '../../services/object-lists.js';
import { serializedOnce } from '../serialized-once.js';

export const volumeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const lists = new ObjectLists(app.engineSnapshot, new EngineActions(app.inventory.engine));
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
    async (request, reply) => send(request, reply, await lists.volumes()),
  );
};
