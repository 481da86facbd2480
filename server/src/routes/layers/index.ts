import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, apiRoutes, LayerListSchema } from '@footprint/shared';
import { LayerCatalog } from '../../services/layer-catalog.js';

export const layerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const catalog = new LayerCatalog(app.inventory, (cacheId) => app.diskTruth.layerDisk(cacheId));
  app.get(
    apiRoutes.layers,
    {
      schema: {
        summary: 'Every layer of every image once: parent, recorded size, disk size, images above',
        tags: ['images'],
        response: { 200: LayerListSchema, '5xx': ApiErrorSchema },
      },
    },
    () => catalog.list(),
  );
};
