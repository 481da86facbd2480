import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, VolumeListSchema } from '@footprint/shared';
import { EngineActions } from '../../engine/engine-actions.js';
import { ObjectLists } from '../../services/object-lists.js';

export const volumeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const lists = new ObjectLists(new EngineActions(app.inventory.engine));
  app.get(
    apiRoutes.volumes,
    {
      schema: {
        summary: 'Every volume with its size (engine) and the containers that mount it',
        tags: ['volumes'],
        response: { 200: VolumeListSchema, '5xx': ApiErrorSchema },
      },
    },
    () => lists.volumes(),
  );
};
