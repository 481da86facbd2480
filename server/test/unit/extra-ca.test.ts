import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import Docker from 'dockerode';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineClientOptions } from '../../src/engine/endpoint-options.js';
import { parseEndpoint } from '../../src/engines/engine-source.js';
import { registryConnectOptions } from '../../src/registry/registry-transport.js';
import {
  adoptDeferredExtraCa,
  deferredCaVariable,
  defaultCa,
} from '../../src/security/extra-ca.js';
import { makeTestCa, type TestCa } from '../helpers/registry-certs.js';

/*
 * NODE_EXTRA_CA_CERTS handed over by the launcher on Node 20 (scripts/node-flags.mjs): the
 * server's TLS clients with no CA file of their own still trust its certificates. A real TLS
 * server on the loopback with a certificate the test CA signed, reached by the same clients the
 * server uses: undici with a registry's connect options, dockerode with a tcp engine's.
 */

let dir: string;
let ca: TestCa;
let server: Server;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fp-extra-ca-'));
  ca = await makeTestCa(dir);
  server = createServer(
    { cert: await readFile(ca.serverCertPath), key: await readFile(ca.serverKeyPath) },
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** GET / through undici with the connect options a registry's agent gets. */
async function registryGet(): Promise<string> {
  const agent = new Agent({ connect: registryConnectOptions(5000, {}) });
  try {
    return await (await fetch(`https://127.0.0.1:${port}/`, { dispatcher: agent })).text();
  } finally {
    await agent.close();
  }
}

/** GET /_ping through dockerode with a verified tcp engine's options and no CA file. */
function enginePing(): Promise<unknown> {
  const tls = { caPath: null, certPath: null, keyPath: null, verify: true };
  return new Docker(engineClientOptions(parseEndpoint(`tcp://127.0.0.1:${port}`, tls))).ping();
}

/** The fetch failure's code, under undici's `TypeError: fetch failed`. */
async function failure(attempt: Promise<unknown>): Promise<string | undefined> {
  const error = await attempt.then(
    () => null,
    (caught: unknown) => caught as { code?: string; cause?: { code?: string } },
  );
  return error?.cause?.code ?? error?.code;
}

describe('the extra CAs the launcher hands over', () => {
  it('without any, the clients use Node’s own store, which does not know the test CA', async () => {
    expect(defaultCa()).toBeUndefined();
    expect(await failure(registryGet())).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(await failure(enginePing())).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('are put back as NODE_EXTRA_CA_CERTS, and trusted by a registry’s and an engine’s client', async () => {
    const env: NodeJS.ProcessEnv = { PATH: '/bin', [deferredCaVariable]: ca.caCertPath };
    adoptDeferredExtraCa(env);
    // The processes the server starts (a credential helper, ssh) see what it was started with.
    expect(env).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: ca.caCertPath });
    // Node's bundled roots stay trusted beside them.
    expect(defaultCa()).toEqual([...rootCertificates, await readFile(ca.caCertPath, 'utf8')]);
    expect(await registryGet()).toBe('OK');
    expect(String(await enginePing())).toBe('OK');
  });

  it('a file that cannot be read is left out with a warning, as Node leaves it out', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      adoptDeferredExtraCa({ [deferredCaVariable]: join(dir, 'missing.crt') });
      expect(defaultCa()).toBeUndefined();
      expect(defaultCa()).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([
        expect.stringMatching(/^Ignoring extra certs from `.*missing\.crt`, load failed: ENOENT/),
      ]);
      expect(await failure(registryGet())).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('an empty one is none, as for Node', () => {
    const env: NodeJS.ProcessEnv = { [deferredCaVariable]: '' };
    adoptDeferredExtraCa(env);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '' });
    expect(defaultCa()).toBeUndefined();
  });
});
