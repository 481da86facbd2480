import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerOptions } from 'dockerode';

/** Dockerode options for DOCKER_HOST (unix:// or tcp://, with TLS when a cert path is given). */
export function dockerOptions(dockerHost: string, certPath: string | null): DockerOptions {
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') {
    return { socketPath: decodeURIComponent(url.pathname) };
  }
  const tls = certPath !== null || url.protocol === 'https:';
  const options: DockerOptions = {
    host: url.hostname,
    port: url.port || (tls ? 2376 : 2375),
    protocol: tls ? 'https' : 'http',
  };
  if (certPath !== null) {
    options.ca = readFileSync(join(certPath, 'ca.pem'));
    options.cert = readFileSync(join(certPath, 'cert.pem'));
    options.key = readFileSync(join(certPath, 'key.pem'));
  }
  return options;
}

/** How the endpoint is named in messages: the socket path for unix sockets, the URL otherwise. */
export function describeEndpoint(dockerHost: string): string {
  const url = new URL(dockerHost);
  return url.protocol === 'unix:' ? decodeURIComponent(url.pathname) : dockerHost;
}
