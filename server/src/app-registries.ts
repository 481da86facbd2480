import type { FastifyInstance } from 'fastify';
import type { RegistryAccess } from './engines/connection/core.js';
import { DockerCredentials } from './registry/credentials.js';
import { RegistryClient } from './registry/registry-client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Registry credentials (as the docker CLI finds them) and the distribution client (issue 18). */
    registries: RegistryAccess;
  }
}

/**
 * The registry side (issue 18): credentials as the docker CLI finds them and the distribution
 * client, one for the app. Each engine's pulls and update checks use them (engine-connection.ts);
 * the registry browser registers its routes on them (app-registry-browser.ts).
 */
export async function registerRegistries(
  app: FastifyInstance,
  options: { dockerConfigDir: string | null; registryCertsDir: string | null },
): Promise<RegistryAccess> {
  const credentials = new DockerCredentials({ configDir: options.dockerConfigDir });
  const client = new RegistryClient({
    credentials,
    certsDir: options.registryCertsDir,
    log: app.log,
  });
  // Keep-alive sockets to registries would hold the process open after close. Added before the
  // engines, so it runs after every engine (and its pulls) closed.
  app.addHook('onClose', async () => client.close());
  app.decorate('registries', { credentials, client });
  return app.registries;
}
