import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  UpdateCheckBodySchema,
  UpdateListSchema,
  UpdateProgressSchema,
  UpdateSettingsSchema,
} from '@footprint/shared';

const errors = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema };

/*
 * Update checks (services/update-check.ts). A check only reads registries and changes nothing
 * on the engine, so read-only mode allows it; like every POST it needs the session cookie and
 * a JSON body (security/security-plugin.ts).
 */
export const updateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    apiRoutes.updates,
    {
      schema: {
        summary: 'The kept update-check results of the images listed now, with progress',
        tags: ['updates'],
        response: { 200: UpdateListSchema, ...errors },
      },
    },
    (request) => request.engine.updateChecker.list(),
  );

  app.post(
    apiRoutes.updatesCheck,
    {
      schema: {
        summary:
          'Check these images (or all) against their registries: HEAD of each registry tag, ' +
          'a GET only when HEAD gives no digest or the tag moved to an index. Answers at once; ' +
          'GET /api/updates has the progress and the results',
        tags: ['updates'],
        body: UpdateCheckBodySchema,
        response: { 202: UpdateProgressSchema, ...errors },
      },
    },
    async (request, reply) => {
      const progress = await request.engine.updateChecker.check(request.body.ids);
      return reply.code(202).send(progress);
    },
  );

  app.post(
    apiRoutes.updatesSettings,
    {
      schema: {
        summary: 'How often to check every image by itself (0: only on request)',
        tags: ['updates'],
        body: UpdateSettingsSchema,
        response: { 200: UpdateSettingsSchema, ...errors },
      },
    },
    (request) => request.engine.updateChecker.setSettings(request.body),
  );
};
