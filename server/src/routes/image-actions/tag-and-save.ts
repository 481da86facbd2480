import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  ImageParamsSchema,
  ImageSaveQuerySchema,
  ImageTaggingSchema,
  TagImageBodySchema,
} from '@footprint/shared';
import { logged } from '../action-log.js';

const errors = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema };

export const imageTagAndSaveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    apiRoutes.imagesTag,
    {
      // A change: a tag can take a name from another image.
      config: { destructive: true },
      schema: {
        summary:
          'Add a tag to an image by full ID; 409 TAG_ON_OTHER_IMAGE says which image has the ' +
          'name now, and it moves only with move: true and that image as expectedCurrent',
        tags: ['images'],
        body: TagImageBodySchema,
        response: { 200: ImageTaggingSchema, ...errors },
      },
    },
    (request) => {
      const { imageId, tag } = request.body;
      const move = request.body.move === true;
      const expectedCurrent = request.body.expectedCurrent ?? null;
      return logged(
        request,
        'tag',
        { imageId, tag, move, expectedCurrent },
        () => request.engine.imageTagger.tag(imageId, tag, move, expectedCurrent),
        (tagging) => ({
          outcome: tagging.outcome,
          tag: tagging.tag,
          movedFrom: tagging.movedFrom,
          movedFromTags: tagging.movedFromTags,
        }),
      );
    },
  );

  app.get(
    apiRoutes.imageSave,
    {
      // Not a change (allowed read-only), but it hands out an image's every file: session only.
      config: { exportsData: true },
      schema: {
        summary: 'docker save of one image as a tar download, streamed from the engine',
        tags: ['images'],
        params: ImageParamsSchema,
        querystring: ImageSaveQuerySchema,
        // 200 is the tar itself: a stream, never serialized, so it has no JSON schema.
        response: { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const tag = request.query.tag ?? null;
      const archive = await request.engine.imageArchives.open(id, tag);
      request.log.info(
        { action: 'save-image', by: 'session', id, tag, fileName: archive.fileName },
        'save-image: streaming',
      );
      // The engine's stream ends early if the download is cancelled (fastify destroys it).
      archive.stream.on('error', (error) =>
        request.log.warn({ action: 'save-image', id, err: error }, 'save-image: stream failed'),
      );
      return reply
        .header('Content-Type', 'application/x-tar')
        .header('Content-Disposition', `attachment; filename="${archive.fileName}"`)
        .header('Cache-Control', 'no-store')
        .send(archive.stream as never);
    },
  );
};
