import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { apiRoutes, SessionSchema } from '@footprint/shared';

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    apiRoutes.session,
    {
      schema: {
        summary: 'Whether this browser may change things, and whether the server is read-only',
        tags: ['system'],
        response: { 200: SessionSchema },
      },
    },
    (request) => ({ readOnly: app.readOnly, authorized: request.authorized }),
  );
};
