import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  type ContainerChanges,
  ContainerChangesSchema,
  ContainerParamsSchema,
} from '@footprint/shared';
import { BadRequestError } from '../../errors.js';
import { containerWrites } from '../../services/container-writes.js';
import { serializedOnce } from '../serialized-once.js';

/** A container ID (full or short) or name; dockerode pastes it into the URL path unencoded. */
const containerReference = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export const containerChangeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A stopped container's answer is kept as the same object (container-writes.ts).
  const send = serializedOnce<ContainerChanges>();
  app.get(
    apiRoutes.containerChanges,
    {
      schema: {
        summary: 'What a container wrote: its writable layer as `docker diff` lists it, with sizes',
        tags: ['containers'],
        params: ContainerParamsSchema,
        response: { 200: ContainerChangesSchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      if (!containerReference.test(request.params.id)) {
        throw new BadRequestError(
          'INVALID_CONTAINER_REFERENCE',
          'Expected a container ID (full or short hex) or a container name.',
        );
      }
      return send(
        request,
        reply,
        await containerWrites(request.engine.layerExplorer.index, request.params.id),
      );
    },
  );
};
