import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  PullListSchema,
  PullPreviewSchema,
  PullRequestSchema,
  pullRoutes,
  PullStateSchema,
} from '@footprint/shared';
import Type from 'typebox';
import { logged } from '../action-log.js';
import { eventStreams } from '../event-stream.js';

const errors = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema };
const PullParamsSchema = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });

export const pullRouteHandlers: FastifyPluginAsyncTypebox = async (app) => {
  const streams = eventStreams(app);

  app.post(
    pullRoutes.preview,
    {
      // Changes nothing and reads only the registry's manifest, config and 4-byte tails: the
      // update check shows what an update costs with it, read-only mode too.
      schema: {
        summary: 'What a pull will download (compressed, exact) and add on disk (an estimate)',
        tags: ['pull'],
        body: PullRequestSchema,
        response: { 200: PullPreviewSchema, ...errors },
      },
    },
    (request) =>
      request.engine.pullPreviewer.preview({
        reference: request.body.reference,
        platform: platformOf(request.body.platform),
      }),
  );

  app.post(
    pullRoutes.pulls,
    {
      // Not destructive, but it changes the engine: refused in read-only mode like removals.
      config: { destructive: true },
      schema: {
        summary: 'Start a pull owned by the server; progress on GET /api/pull/:id/events',
        tags: ['pull'],
        body: PullRequestSchema,
        response: { 202: PullStateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { reference, platform } = request.body;
      const state = await logged(
        request,
        'pull start',
        { reference: reference.slice(0, 600), platform: platform ?? null },
        () => request.engine.pulls.start(request.body),
        (started) => ({
          pull: started.id,
          downloadBytes: started.preview.downloadBytes,
          reusedLayers: started.preview.reusedLayers,
        }),
      );
      return reply.code(202).send(state);
    },
  );

  app.get(
    pullRoutes.pulls,
    {
      schema: {
        summary: 'The pulls running and the last ones ended, newest first',
        tags: ['pull'],
        response: { 200: PullListSchema },
      },
    },
    (request) => ({ pulls: request.engine.pulls.list() }),
  );

  app.get(
    pullRoutes.pull,
    {
      schema: {
        summary: 'One pull’s state: phase, per-layer progress, totals, result',
        tags: ['pull'],
        params: PullParamsSchema,
        response: { 200: PullStateSchema, ...errors },
      },
    },
    (request) => request.engine.pulls.get(request.params.id),
  );

  app.post(
    pullRoutes.pullCancel,
    {
      schema: {
        summary: 'Cancel a running pull: the engine request is aborted and the engine stops',
        tags: ['pull'],
        params: PullParamsSchema,
        response: { 200: PullStateSchema, ...errors },
      },
    },
    (request) => {
      request.log.info(
        { action: 'pull cancel', by: 'session', pull: request.params.id },
        'pull cancel',
      );
      return request.engine.pulls.cancel(request.params.id);
    },
  );

  app.get(
    pullRoutes.pullEvents,
    {
      schema: {
        summary: 'Server-sent events: `pull-progress` with the whole state, until it ends',
        tags: ['pull'],
        params: PullParamsSchema,
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      // Throws PULL_NOT_FOUND as a plain 404 before the stream starts.
      request.engine.pulls.get(request.params.id);
      streams.open(request, reply, (send, close) =>
        request.engine.pulls.subscribe(request.params.id, (state) => {
          send('pull-progress', state);
          // The last state is sent; the page has no more to wait for.
          if (state.finishedAt !== null) setImmediate(close);
        }),
      );
    },
  );
};

function platformOf(
  platform: { os: string; architecture: string; variant?: string | null } | null | undefined,
) {
  if (platform === undefined || platform === null) return null;
  return {
    os: platform.os,
    architecture: platform.architecture,
    ...(platform.variant ? { variant: platform.variant } : {}),
  };
}
