import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EngineClient } from '../../src/engine/engine-client.js';

/*
 * An engine endpoint that answers every request with a redirect (as Podman 4.3's router does for
 * GET /images//json): docker-modem would follow it off the socket into an error nobody hears,
 * the end of the process. Each request fails instead, with a clear error.
 */

let dir: string;
let server: Server;
let redirects = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fp-redirect-'));
  server = createServer((request, response) => {
    redirects++;
    response.writeHead(301, { Location: `/elsewhere${request.url ?? ''}` }).end();
  });
  await new Promise<void>((resolve) => server.listen(join(dir, 'engine.sock'), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

it('fails each request an engine redirects, clearly, and the process goes on', async () => {
  const engine = new Engine(
    new EngineClient({ dockerHost: `unix://${join(dir, 'engine.sock')}`, dockerCertPath: null }),
  );
  await expect(engine.listImages()).rejects.toThrow(/answered with a redirect \(HTTP 3xx\)/);
  await expect(engine.inspectImage('sha256:' + 'a'.repeat(64))).rejects.toThrow(
    /answered with a redirect \(HTTP 3xx\)/,
  );
  expect(redirects).toBeGreaterThanOrEqual(2);
});
