import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  ImageDetailSchema,
  ImageListQuerySchema,
  type ImageList,
  ImageListSchema,
  ImageParamsSchema,
  isImageReference,
} from '@footprint/shared';
import { BadRequestError } from '../../errors.js';

export const imageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const serialized = new WeakMap<ImageList, Buffer>();

  app.get(
    apiRoutes.images,
    {
      schema: {
        summary: 'Every image with its engine sizes, layer chain and last use',
        tags: ['images'],
        querystring: ImageListQuerySchema,
        response: { 200: ImageListSchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const list = await app.imageList.list(request.query);
      // The same list object comes back until something changes: serialize and encode it
      // once, not per request (about 1 MB at 2,000 images; under load the per-request copies
      // were most of the memory and the latency).
      let body = serialized.get(list);
      if (body === undefined) {
        body = Buffer.from(reply.serialize(list) as string);
        serialized.set(list, body);
      }
      // Fastify sends a Buffer as it is; the type provider only knows the object form.
      return reply.type('application/json; charset=utf-8').send(body as unknown as ImageList);
    },
  );

  app.get(
    apiRoutes.image,
    {
      schema: {
        summary: 'One image with its layers, history and graph driver directories',
        tags: ['images'],
        params: ImageParamsSchema,
        response: { 200: ImageDetailSchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      // Dockerode pastes the reference into the URL path unencoded: validate before any call.
      if (!isImageReference(id)) {
        throw new BadRequestError(
          'INVALID_IMAGE_REFERENCE',
          'Expected an image ID (full or short hex, optionally "sha256:") or a reference such ' +
            'as "name:tag".',
        );
      }
      return app.inventory.getImage(id);
    },
  );
};
