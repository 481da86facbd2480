import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddRegistryBodySchema,
  ApiErrorSchema,
  apiRoutes,
  CrawlBodySchema,
  CrawlStatusSchema,
  RegistryListSchema,
  RegistryParamsSchema,
  RegistryViewSchema,
  TagDeletionBodySchema,
  TagDeletionPreviewBodySchema,
  TagDeletionPreviewSchema,
  TagDeletionResultSchema,
  type TagDeletionResult,
} from '@footprint/shared';
import { NotFoundError } from '../../errors.js';
import { logged } from '../action-log.js';
import { registryView } from '../../services/registry-footprint.js';

const errors = { '4xx': ApiErrorSchema, '5xx': ApiErrorSchema };

/**
 * The registry browser (issue 18): the registries, a crawl of one, its footprint, and tag
 * deletion with a preview. Adding or removing a registry entry and every deletion step need the
 * session and are refused in read-only mode; a crawl (a POST: it starts work) needs the session.
 */
export const registryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const list = async () => {
    const { registries, configNote } = await app.registryList.listWithNote();
    return {
      registries: registries.map((entry) => ({
        ...entry,
        crawl: app.registryCrawler.status(entry.host),
      })),
      configNote,
    };
  };
  /** Only registries the dashboard lists: a path never makes the server ask any other host. */
  const known = async (host: string) => {
    if (!(await app.registryList.has(host))) {
      throw new NotFoundError(
        'REGISTRY_NOT_FOUND',
        `${host} is not in the registries list: add it first.`,
      );
    }
  };

  app.get(
    apiRoutes.registries,
    {
      schema: {
        summary: 'The registries: from the docker config.json and added here, with crawl status',
        tags: ['registries'],
        response: { 200: RegistryListSchema, ...errors },
      },
    },
    list,
  );

  app.post(
    apiRoutes.registries,
    {
      config: { destructive: true },
      schema: {
        summary: 'Add a registry by host[:port] or URL (kept in the state dir, no credential)',
        tags: ['registries'],
        body: AddRegistryBodySchema,
        response: { 200: RegistryListSchema, ...errors },
      },
    },
    async (request) => {
      await app.registryList.add(request.body.registry);
      return list();
    },
  );

  app.delete(
    apiRoutes.registry,
    {
      config: { destructive: true },
      schema: {
        summary: 'Remove a registry added here (config.json ones go with docker logout)',
        tags: ['registries'],
        params: RegistryParamsSchema,
        response: { 200: RegistryListSchema, ...errors },
      },
    },
    async (request) => {
      await app.registryList.remove(request.params.host);
      return list();
    },
  );

  app.get(
    apiRoutes.registry,
    {
      schema: {
        summary: 'A registry’s last crawl: repositories, tags, sizes, bytes only each holds',
        tags: ['registries'],
        params: RegistryParamsSchema,
        response: { 200: RegistryViewSchema, ...errors },
      },
    },
    async (request) => {
      const { host } = request.params;
      await known(host);
      return registryView(host, app.registryCrawler, () =>
        app.engines.default.inventory.listImages(),
      );
    },
  );

  app.post(
    apiRoutes.registryCrawl,
    {
      schema: {
        summary: 'Crawl a registry again (catalog, tags, manifests); poll its status',
        tags: ['registries'],
        params: RegistryParamsSchema,
        body: CrawlBodySchema,
        response: { 200: CrawlStatusSchema, ...errors },
      },
    },
    async (request) => {
      const { host } = request.params;
      await known(host);
      return app.registryCrawler.start(host, request.body.pageSize ?? 1000);
    },
  );

  app.post(
    apiRoutes.registryDeletePreview,
    {
      // Changes nothing, yet is refused in read-only mode: it only leads to a deletion.
      config: { destructive: true },
      schema: {
        summary: 'What deleting a tag’s manifest takes (its digest, every tag on it) and frees',
        tags: ['registries'],
        params: RegistryParamsSchema,
        body: TagDeletionPreviewBodySchema,
        response: { 200: TagDeletionPreviewSchema, ...errors },
      },
    },
    async (request) => {
      const { host } = request.params;
      await known(host);
      const { repository, tag } = request.body;
      return app.registryTagDeleter.preview(host, repository, tag);
    },
  );

  app.post(
    apiRoutes.registryDelete,
    {
      config: { destructive: true },
      schema: {
        summary:
          'Delete the previewed manifest by digest (every tag on it goes); 409 TAG_MOVED when ' +
          'the tag points elsewhere now, 409 REGISTRY_DELETE_DISABLED when the registry refuses',
        tags: ['registries'],
        params: RegistryParamsSchema,
        body: TagDeletionBodySchema,
        response: { 200: TagDeletionResultSchema, ...errors },
      },
    },
    async (request) => {
      const { host } = request.params;
      await known(host);
      const { repository, tag, digest } = request.body;
      return logged(
        request,
        'registry-delete-tag',
        { registry: host, repository, tag, digest },
        () => app.registryTagDeleter.delete(host, repository, tag, digest),
        (result: TagDeletionResult) => ({
          outcome: 'deleted',
          tagsRemoved: result.tagsRemoved,
          freedBytesAfterGc: result.freedBytes,
        }),
      );
    },
  );
};
