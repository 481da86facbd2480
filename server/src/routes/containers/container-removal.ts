import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiErrorSchema,
  apiRoutes,
  ContainerIdParamsSchema,
  ContainerRemovalPreviewBodySchema,
  ContainerRemovalPreviewSchema,
  ContainerRemovalSchema,
  RemoveContainerBodySchema,
} from '@footprint/shared';
import { logged } from '../action-log.js';

const errors = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema };

export const containerRemovalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    apiRoutes.containerRemovePreview,
    {
      // Changes nothing, yet is refused in read-only mode: it only leads to a removal.
      config: { destructive: true },
      schema: {
        summary:
          'What removing this container frees: its writable layer (engine SizeRw and on disk), ' +
          'logs and anonymous volumes, asked now',
        tags: ['containers'],
        params: ContainerIdParamsSchema,
        body: ContainerRemovalPreviewBodySchema,
        response: { 200: ContainerRemovalPreviewSchema, ...errors },
      },
    },
    (request) => request.engine.containerRemover.preview(request.params.id),
  );

  app.delete(
    apiRoutes.container,
    {
      config: { destructive: true },
      schema: {
        summary:
          'Remove this container if it is still in the previewed state; a running one only ' +
          'with stop: true; its anonymous volumes only with removeVolumes: true',
        tags: ['containers'],
        params: ContainerIdParamsSchema,
        body: RemoveContainerBodySchema,
        response: { 200: ContainerRemovalSchema, ...errors },
      },
    },
    (request) => {
      const { id } = request.params;
      const options = {
        expectedState: request.body.expectedState,
        stop: request.body.stop === true,
        removeVolumes: request.body.removeVolumes === true,
      };
      return logged(
        request,
        'remove-container',
        { id, ...options },
        () => request.engine.containerRemover.remove(id, options),
        (removal) => ({
          name: removal.name,
          stopped: removal.stopped,
          sizeRw: removal.sizeRw,
          removedVolumes: removal.removedVolumes,
          keptVolumes: removal.keptVolumes,
          diskReclaimedBytes: removal.disk?.reclaimedBytes ?? null,
        }),
      );
    },
  );
};
