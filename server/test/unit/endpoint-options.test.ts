import type { Agent as HttpsAgent } from 'node:https';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { engineClientOptions } from '../../src/engine/endpoint-options.js';
import { parseEndpoint } from '../../src/engines/engine-source.js';

/*
 * The options each transport gives docker-modem, read back from docker-modem itself: what it
 * will dial is what matters, and docker-modem fills in DOCKER_HOST and friends under the
 * options it is given (modem.js defaultOpts).
 */

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** What docker-modem will dial with these options. */
function dialed(options: Docker.DockerOptions) {
  const { modem } = new Docker(options) as unknown as {
    modem: { socketPath?: unknown; host?: string; port?: unknown; protocol: string };
  };
  return {
    socketPath: modem.socketPath,
    host: modem.host,
    port: modem.port,
    protocol: modem.protocol,
  };
}

describe('engineClientOptions', () => {
  it('dials a unix socket even when DOCKER_HOST names a TLS tcp engine', () => {
    process.env.DOCKER_HOST = 'tcp://10.0.0.9:2376';
    process.env.DOCKER_TLS_VERIFY = '1';
    const options = engineClientOptions(parseEndpoint('unix:///run/podman/podman.sock'));
    expect(dialed(options)).toEqual({
      socketPath: '/run/podman/podman.sock',
      host: undefined,
      port: undefined,
      protocol: 'http',
    });
  });

  it('dials plain tcp as http and TLS tcp as https, on the address given', () => {
    process.env.DOCKER_HOST = 'tcp://10.0.0.9:2376';
    expect(dialed(engineClientOptions(parseEndpoint('tcp://192.0.2.1:2375')))).toEqual({
      socketPath: undefined,
      host: '192.0.2.1',
      port: 2375,
      protocol: 'http',
    });
    const tls = { caPath: null, certPath: null, keyPath: null, verify: true };
    expect(dialed(engineClientOptions(parseEndpoint('tcp://[::1]', tls)))).toMatchObject({
      host: '::1',
      port: 2376,
      protocol: 'https',
    });
  });

  it('turns certificate checks off only through its own agent when the source says so', () => {
    const tls = { caPath: null, certPath: null, keyPath: null, verify: false };
    const options = engineClientOptions(parseEndpoint('tcp://192.0.2.1:2376', tls));
    expect((options.agent as HttpsAgent | undefined)?.options).toMatchObject({
      rejectUnauthorized: false,
    });
    const verified = engineClientOptions(
      parseEndpoint('tcp://192.0.2.1:2376', { ...tls, verify: true }),
    );
    expect(verified.agent).toBeUndefined();
  });

  it('names the TLS file it cannot read, and no more', () => {
    const tls = { caPath: '/nonexistent/ca.pem', certPath: null, keyPath: null, verify: true };
    expect(() => engineClientOptions(parseEndpoint('tcp://192.0.2.1:2376', tls))).toThrow(
      'its TLS CA certificate /nonexistent/ca.pem cannot be read (ENOENT)',
    );
  });
});
