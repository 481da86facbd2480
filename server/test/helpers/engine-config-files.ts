import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { contextDirName } from '../../src/engines/sources/docker-contexts.js';

/**
 * Writes a context as the docker CLI lays it out (contexts/meta/<sha256 of name>/meta.json, TLS
 * files under contexts/tls/<same>/docker/), for tests of what the CLI itself cannot write: broken
 * files, many contexts at once. The CLI-made ones are in the integration tests.
 */
export async function writeContext(
  dir: string,
  name: string,
  host: string,
  skipTlsVerify = false,
  pems: string[] = [],
): Promise<void> {
  const meta = join(dir, 'contexts', 'meta', contextDirName(name));
  await mkdir(meta, { recursive: true });
  const endpoints = { docker: { Host: host, SkipTLSVerify: skipTlsVerify } };
  await writeFile(
    join(meta, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: endpoints }),
  );
  const tls = join(dir, 'contexts', 'tls', contextDirName(name), 'docker');
  for (const pem of pems) {
    await mkdir(tls, { recursive: true });
    await writeFile(join(tls, pem), 'PEM');
  }
}

/** A listening unix socket at `path` (what a stat-for-a-socket check finds); close it after. */
export async function listenOnSocket(path: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(path, done));
  return server;
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise((done) => server.close(done));
}
