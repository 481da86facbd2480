import type { FastifyInstance } from 'fastify';
import type { RegistryAccess } from './engines/connection/core.js';
import { registryRoutes } from './routes/registries/index.js';
import { RegistryCrawler } from './services/registry-crawl.js';
import { localDigestsByRepository } from './services/registry-footprint.js';
import { RegistryList } from './services/registry-list.js';
import { RegistryTagDeleter } from './services/registry-tag-deletion.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The registries shown: config.json's and the ones added (registries.json, issue 18). */
    registryList: RegistryList;
    registryCrawler: RegistryCrawler;
    registryTagDeleter: RegistryTagDeleter;
  }
}

/**
 * The registry browser: the registries list, crawls, footprint and tag deletion, and their
 * routes, on the app's registry client; the local copies shown are the default engine's.
 */
export async function registerRegistryBrowser(
  app: FastifyInstance,
  options: { stateDir: string | null; registries: RegistryAccess },
): Promise<void> {
  const { client, credentials } = options.registries;
  app.decorate('registryList', new RegistryList(credentials, options.stateDir));
  const crawler = new RegistryCrawler(
    client,
    options.stateDir,
    app.log,
    // Read at crawl time: the default engine's inventory answers from its kept list when it can.
    async (host) =>
      localDigestsByRepository(await app.engines.default.inventory.listImages(), host),
  );
  app.decorate('registryCrawler', crawler);
  app.decorate('registryTagDeleter', new RegistryTagDeleter(client, crawler));
  await app.register(registryRoutes);
}
