import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  type DuplicateDiffsPage,
  DuplicateDiffsPageSchema,
  DuplicateDiffsQuerySchema,
  type DuplicateFilesPage,
  DuplicateFilesPageSchema,
  DuplicateFilesQuerySchema,
} from '@footprint/shared';
import { serializedOnce } from '../serialized-once.js';

export const duplicateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The service hands out the same page object for the same query while nothing changed.
  const sendFiles = serializedOnce<DuplicateFilesPage>();
  const sendDiffs = serializedOnce<DuplicateDiffsPage>();

  app.get(
    apiRoutes.duplicateFiles,
    {
      schema: {
        summary: 'Identical files in several layers, a page at a time',
        tags: ['layers'],
        querystring: DuplicateFilesQuerySchema,
        response: { 200: DuplicateFilesPageSchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) =>
      sendFiles(request, reply, await request.engine.layerExplorer.duplicates.files(request.query)),
  );

  app.get(
    apiRoutes.duplicateDiffs,
    {
      schema: {
        summary: 'Diffs stored under several chains, a page at a time, engine and disk figures',
        tags: ['layers'],
        querystring: DuplicateDiffsQuerySchema,
        response: { 200: DuplicateDiffsPageSchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) =>
      sendDiffs(request, reply, await request.engine.layerExplorer.duplicates.diffs(request.query)),
  );
};
