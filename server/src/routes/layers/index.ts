import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, type LayerList, LayerListSchema } from '@footprint/shared';
import { serializedOnce } from '../serialized-once.js';

export const layerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const send = serializedOnce<LayerList>();
  app.get(
    apiRoutes.layers,
    {
      schema: {
        summary: 'Every layer of every image once: parent, recorded size, disk size, images above',
        tags: ['images'],
        response: { 200: LayerListSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => send(request, reply, await request.engine.layerCatalog.list()),
  );
};
