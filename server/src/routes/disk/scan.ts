import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  DiskScanAcceptedSchema,
  DiskScanRequestSchema,
} from '@footprint/shared';

export const diskScanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    apiRoutes.diskScan,
    {
      schema: {
        summary: 'Scan the data root again (full: read every layer again, cache ignored)',
        description:
          'Answers 202 at once; progress comes as scan-progress events and GET /api/disk. ' +
          'A request during a scan queues one more scan after it.',
        tags: ['disk'],
        body: DiskScanRequestSchema,
        response: { 202: DiskScanAcceptedSchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      request.engine.diskTruth.requestScan({ full: request.body.full ?? false });
      return reply.code(202).send({ measurement: await request.engine.diskTruth.measurement() });
    },
  );
};
