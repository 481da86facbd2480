import type { FastifyInstance } from 'fastify';
import { registerPull } from './app-pull.js';
import { registerRegistryBrowser } from './app-registry-browser.js';
import { registerUpdateChecks } from './app-updates.js';
import { DockerCredentials } from './registry/credentials.js';
import { RegistryClient } from './registry/registry-client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Registry credentials (as the docker CLI finds them) and the distribution client (issue 18). */
    registries: { credentials: DockerCredentials; client: RegistryClient };
  }
}

/**
 * The registry side (issue 18): credentials, the client, and the routes built on them (pull
 * preview and pull, update checks, the registry browser each register theirs here, one line).
 */
export async function registerRegistries(
  app: FastifyInstance,
  options: {
    dockerConfigDir: string | null;
    registryCertsDir: string | null;
    stateDir: string | null;
  },
): Promise<void> {
  const credentials = new DockerCredentials({ configDir: options.dockerConfigDir });
  const client = new RegistryClient({
    credentials,
    certsDir: options.registryCertsDir,
    log: app.log,
  });
  app.decorate('registries', { credentials, client });
  // Keep-alive sockets to registries would hold the process open after close.
  app.addHook('onClose', async () => client.close());
  await registerPull(app);
  await registerRegistryBrowser(app, { stateDir: options.stateDir });
  await registerUpdateChecks(app, { stateDir: options.stateDir });
}
