import { join } from 'node:path';
import { EngineClient } from '../engine/engine-client.js';
import { makeEngineSource, parseEndpoint, type EngineSource } from './engine-source.js';

/**
 * The engine DOCKER_HOST names (or the default socket): the one the unscoped routes answer for,
 * as the dashboard always has. Its ID is stable for the same address, so the page's URLs for it
 * survive a restart.
 */
export function defaultEngineSource(dockerHost: string, certPath: string | null): EngineSource {
  const tls =
    certPath === null
      ? null
      : {
          caPath: join(certPath, 'ca.pem'),
          certPath: join(certPath, 'cert.pem'),
          keyPath: join(certPath, 'key.pem'),
          verify: true,
        };
  return makeEngineSource({
    name: 'default',
    kind: 'docker',
    origin: 'docker-host',
    endpoint: parseEndpoint(dockerHost, tls),
    current: true,
  });
}

/**
 * A client for an engine's endpoint, any transport (engine/endpoint-options.ts): ssh looks in the
 * user's ~/.ssh and agent, as the docker CLI does.
 */
export function defaultClientFor(source: EngineSource): EngineClient {
  return new EngineClient({ endpoint: source.endpoint });
}
