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

/** A client for an engine's endpoint (unix sockets and plain tcp; TLS and ssh: endpoint-options). */
export function defaultClientFor(source: EngineSource): EngineClient {
  const { endpoint } = source;
  if (endpoint.transport === 'unix' && endpoint.socketPath !== null) {
    return new EngineClient({ dockerHost: `unix://${endpoint.socketPath}`, dockerCertPath: null });
  }
  if (endpoint.transport === 'tcp' && endpoint.address !== null && endpoint.tls === null) {
    const { hostname, port } = endpoint.address;
    const host = hostname.includes(':') ? `[${hostname}]` : hostname;
    return new EngineClient({ dockerHost: `tcp://${host}:${port}`, dockerCertPath: null });
  }
  throw new Error(`The ${endpoint.transport} transport of "${endpoint.host}" is not wired yet.`);
}
