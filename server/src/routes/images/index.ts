import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  type ImageDetail,
  ImageDetailSchema,
  ImageListQuerySchema,
  type ImageList,
  ImageListSchema,
  ImageParamsSchema,
  isImageReference,
} from '@footprint/shared';
import { BadRequestError } from '../../errors.js';
import { serializedOnce } from '../serialized-once.js';

export const imageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const send = serializedOnce<ImageList>();
  const sendDetail = serializedOnce<ImageDetail>();

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
    async (request, reply) =>
      send(request, reply, await request.engine.imageList.list(request.query)),
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
    async (request, reply) => {
      const { id } = request.params;
      // Dockerode pastes the reference into the URL path unencoded: validate before any call.
      if (!isImageReference(id)) {
        throw new BadRequestError(
          'INVALID_IMAGE_REFERENCE',
          'Expected an image ID (full or short hex, optionally "sha256:") or a reference such ' +
            'as "name:tag".',
        );
      }
      return sendDetail(request, reply, await request.engine.imageDetails.get(id));
    },
  );
};
