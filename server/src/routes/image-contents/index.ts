import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  type ImageAnalysis,
  ImageAnalysisSchema,
  ImageParamsSchema,
  isImageReference,
  type TreeListing,
  TreeListingSchema,
  TreeQuerySchema,
  TreeSearchQuerySchema,
  TreeSearchSchema,
} from '@footprint/shared';
import { BadRequestError } from '../../errors.js';
import { analyzeImage } from '../../services/image-analysis.js';
import { serializedOnce } from '../serialized-once.js';

const errors = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema };

/** Dockerode pastes the reference into the URL path unencoded: validate before any call. */
function checkReference(id: string): string {
  if (!isImageReference(id)) {
    throw new BadRequestError(
      'INVALID_IMAGE_REFERENCE',
      'Expected an image ID (full or short hex, optionally "sha256:") or a reference such as ' +
        '"name:tag".',
    );
  }
  return id;
}

export const imageContentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A page and an analysis are kept as the same object while they hold (layer-explorer.ts,
  // image-analysis.ts): serialized and gzipped once each.
  const sendListing = serializedOnce<TreeListing>();
  const sendAnalysis = serializedOnce<ImageAnalysis>();

  app.get(
    apiRoutes.imageTree,
    {
      schema: {
        summary:
          'One directory of an image layer, or of the merged view through it, a page at a time',
        tags: ['layers'],
        params: ImageParamsSchema,
        querystring: TreeQuerySchema,
        response: { 200: TreeListingSchema, ...errors },
      },
    },
    async (request, reply) =>
      sendListing(
        request,
        reply,
        await request.engine.layerExplorer.listDirectory(
          checkReference(request.params.id),
          request.query,
        ),
      ),
  );

  app.get(
    apiRoutes.imageTreeSearch,
    {
      schema: {
        summary: 'Entries of an image layer (or merged view) whose path contains a text',
        tags: ['layers'],
        params: ImageParamsSchema,
        querystring: TreeSearchQuerySchema,
        response: { 200: TreeSearchSchema, ...errors },
      },
    },
    (request) =>
      request.engine.layerExplorer.search(checkReference(request.params.id), request.query),
  );

  app.get(
    apiRoutes.imageAnalysis,
    {
      schema: {
        summary:
          'Wasted space: files later layers overwrite or delete, reclaimable bytes, dive score',
        tags: ['layers'],
        params: ImageParamsSchema,
        response: { 200: ImageAnalysisSchema, ...errors },
      },
    },
    async (request, reply) =>
      sendAnalysis(
        request,
        reply,
        await analyzeImage(request.engine.layerExplorer.index, checkReference(request.params.id)),
      ),
  );
};
