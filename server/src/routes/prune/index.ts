import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  PruneConfirmSchema,
  PrunePreviewSchema,
  PruneRequestSchema,
  PruneResultSchema,
  PruneStatusSchema,
} from '@footprint/shared';

import { logged, pruneSummary } from '../action-log.js';

const errors = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema };

export const pruneRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    apiRoutes.prunePreview,
    {
      // Changes nothing, yet is refused in read-only mode: it only leads to a prune.
      config: { destructive: true },
      schema: {
        summary: 'What a prune would remove, and exactly how many bytes would come back',
        tags: ['prune'],
        body: PruneRequestSchema,
        response: { 200: PrunePreviewSchema, ...errors },
      },
    },
    (request) => request.engine.prune.preview(request.body),
  );

  app.post(
    apiRoutes.prune,
    {
      config: { destructive: true },
      schema: {
        summary: 'Run a previewed prune: its items only, each checked again and removed by ID',
        tags: ['prune'],
        body: PruneConfirmSchema,
        response: { 200: PruneResultSchema, ...errors },
      },
    },
    (request) => {
      const { previewId } = request.body;
      return logged(
        request,
        'prune',
        { previewId },
        () => request.engine.prune.confirm(previewId),
        pruneSummary,
      );
    },
  );

  app.get(
    apiRoutes.prune,
    {
      schema: {
        summary: 'Whether a prune is running, and the last one’s result',
        tags: ['prune'],
        response: { 200: PruneStatusSchema },
      },
    },
    (request) => request.engine.prune.status(),
  );
};
