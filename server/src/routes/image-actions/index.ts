import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  ImageParamsSchema,
  ImageRemovalListSchema,
  ImageRemovalSchema,
  isFullImageId,
  isImageReference,
  RemovalPreviewBodySchema,
  RemovalPreviewSchema,
  RemoveImageBodySchema,
  RemoveImagesBodySchema,
  UntagImageBodySchema,
} from '@footprint/shared';
import { BadRequestError } from '../../errors.js';
import { logged, removalListSummary, removalSummary } from '../action-log.js';

const errors = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema };

export const imageActionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.delete(
    apiRoutes.image,
    {
      config: { destructive: true },
      schema: {
        summary: 'Remove one image by its full ID; 409 says what holds it',
        tags: ['images'],
        params: ImageParamsSchema,
        body: RemoveImageBodySchema,
        response: { 200: ImageRemovalSchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      // By ID only: a tag may have moved to another image since the list was shown.
      if (!isFullImageId(id)) {
        throw new BadRequestError(
          'FULL_IMAGE_ID_REQUIRED',
          'Images are removed by their full ID ("sha256:" and 64 hex digits) as listed.',
        );
      }
      const force = request.body.force === true;
      return logged(
        request,
        'remove-image',
        { id, force },
        () => request.engine.imageRemover.remove(id, force),
        removalSummary,
      );
    },
  );

  app.post(
    apiRoutes.imagesRemove,
    {
      config: { destructive: true },
      schema: {
        summary: 'Remove several images by full ID, with a result per image',
        tags: ['images'],
        body: RemoveImagesBodySchema,
        response: { 200: ImageRemovalListSchema, ...errors },
      },
    },
    (request) => {
      const { ids } = request.body;
      const force = request.body.force === true;
      return logged(
        request,
        'remove-images',
        { ids, force },
        () => request.engine.measuredRemoval.removeMany(ids, force),
        removalListSummary,
      );
    },
  );

  app.post(
    apiRoutes.imagesRemovePreview,
    {
      // Changes nothing, yet is refused in read-only mode: it only leads to a removal.
      config: { destructive: true },
      schema: {
        summary: 'What removing these images would free, as the engine counts it and on disk',
        tags: ['images'],
        body: RemovalPreviewBodySchema,
        response: { 200: RemovalPreviewSchema, ...errors },
      },
    },
    (request) => request.engine.measuredRemoval.preview(request.body.ids),
  );

  app.post(
    apiRoutes.imagesUntag,
    {
      config: { destructive: true },
      schema: {
        summary:
          'Untag one tag of an image (its last tag: the engine removes the unused image); 409 ' +
          'when the tag moved, saying which image the engine acted on if it did',
        tags: ['images'],
        body: UntagImageBodySchema,
        response: { 200: ImageRemovalSchema, ...errors },
      },
    },
    async (request) => {
      const { imageId, tag } = request.body;
      if (!isImageReference(tag) || /^(?:sha256:)?[0-9a-f]{4,64}$/.test(tag) || tag.includes('@')) {
        throw new BadRequestError(
          'INVALID_TAG',
          'Expected a tag such as "name:tag" or "registry:5000/team/name:tag".',
        );
      }
      return logged(
        request,
        'untag',
        { imageId, tag },
        () => request.engine.imageRemover.untag(imageId, tag),
        removalSummary,
      );
    },
  );
};
