import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  type LayerList,
  LayerListSchema,
  type LayerSummary,
  LayerSummarySchema,
} from '@footprint/shared';
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

  const sendSummary = serializedOnce<LayerSummary>();
  app.get(
    apiRoutes.layerSummary,
    {
      schema: {
        summary:
          'The layer list summed: bytes one image holds alone and bytes images share, and what ' +
          'removing every dangling or unused image frees',
        tags: ['images'],
        response: { 200: LayerSummarySchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const { engine } = request;
      const { images } = await engine.imageList.list({});
      return sendSummary(request, reply, await engine.layerCatalog.summary(images));
    },
  );
};
