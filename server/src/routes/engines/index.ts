import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  EngineEnabledRequestSchema,
  type EngineList,
  EngineListSchema,
  EngineParamsSchema,
  EngineSummarySchema,
} from '@footprint/shared';
import { serializedOnce } from '../serialized-once.js';

/** The all-engines overview's list, and turning an engine off or on (issue 19). */
export const engineListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The same list object while nothing in it changed: its bytes are sent again (ETag, gzip).
  const send = serializedOnce<EngineList>();
  app.get(
    apiRoutes.engines,
    {
      schema: {
        summary: 'Every engine followed: status, data root, totals (engine and on disk)',
        tags: ['engines'],
        response: { 200: EngineListSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => send(request, reply, await app.engines.list()),
  );

  app.post(
    apiRoutes.engineEnabled,
    {
      // It changes no engine, but what the dashboard follows, for every viewer and across
      // restarts: a read-only dashboard shows what it was started to show.
      config: { destructive: true },
      schema: {
        summary: 'Turn an engine off (not followed) or on again; kept across restarts',
        tags: ['engines'],
        params: EngineParamsSchema,
        body: EngineEnabledRequestSchema,
        response: { 200: EngineSummarySchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    (request) => app.engines.setEnabled(request.params.engineId, request.body.enabled),
  );
};
