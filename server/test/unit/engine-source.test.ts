import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EndpointError,
  endpointKey,
  engineSourceId,
  makeEngineSource,
  parseEndpoint,
} from '../../src/engines/engine-source.js';

const tls = { caPath: '/c/ca.pem', certPath: '/c/cert.pem', keyPath: '/c/key.pem', verify: true };

describe('parseEndpoint', () => {
  it('reads a unix socket, with or without the scheme (a bare path is a socket, as in the CLI)', () => {
    expect(parseEndpoint(' unix:///var/run/docker.sock ')).toEqual({
      transport: 'unix',
      host: 'unix:///var/run/docker.sock',
      socketPath: '/var/run/docker.sock',
      address: null,
      tls: null,
      ssh: null,
    });
    expect(parseEndpoint('/run/podman/podman.sock').socketPath).toBe('/run/podman/podman.sock');
    // TLS means nothing on a socket.
    expect(parseEndpoint('unix:///x.sock', tls).tls).toBeNull();
  });

  it('reads tcp with and without TLS, filling in the IANA port the CLI fills in', () => {
    expect(parseEndpoint('tcp://127.0.0.1:2376', tls)).toEqual({
      transport: 'tcp',
      host: 'tcp://127.0.0.1:2376',
      socketPath: null,
      address: { hostname: '127.0.0.1', port: 2376 },
      tls,
      ssh: null,
    });
    expect(parseEndpoint('tcp://build.example').address).toEqual({
      hostname: 'build.example',
      port: 2375,
    });
    expect(parseEndpoint('tcp://build.example', tls).address?.port).toBe(2376);
    expect(parseEndpoint('tcp://[::1]:2375').address).toEqual({ hostname: '::1', port: 2375 });
    expect(parseEndpoint('10.0.0.5:2375').address).toEqual({ hostname: '10.0.0.5', port: 2375 });
    // What DOCKER_HOST takes today: https means TLS with verification and no client files.
    expect(parseEndpoint('https://h.example').tls).toEqual({
      caPath: null,
      certPath: null,
      keyPath: null,
      verify: true,
    });
    expect(parseEndpoint('http://h.example:80').address).toEqual({
      hostname: 'h.example',
      port: 80,
    });
  });

  it('reads ssh with user, port, remote socket and identity', () => {
    expect(parseEndpoint('ssh://user@host')).toMatchObject({
      transport: 'ssh',
      host: 'ssh://user@host',
      tls: null,
      ssh: { user: 'user', host: 'host', port: 22, identity: null, socketPath: null },
    });
    expect(
      parseEndpoint(
        'ssh://core@198.51.100.7:2222/run/user/1000/podman/podman.sock?secure=true',
        null,
        '/k/id_ed25519',
      ).ssh,
    ).toEqual({
      user: 'core',
      host: '198.51.100.7',
      port: 2222,
      identity: '/k/id_ed25519',
      socketPath: '/run/user/1000/podman/podman.sock',
    });
    expect(parseEndpoint('ssh://box').ssh?.user).toBeNull();
  });

  it('reads a Windows named pipe', () => {
    expect(parseEndpoint('npipe:////./pipe/docker_engine')).toMatchObject({
      transport: 'npipe',
      socketPath: '//./pipe/docker_engine',
    });
  });

  it.each([
    ['', 'is empty'],
    ['unix://var/run/docker.sock', 'absolute socket path'],
    ['tcp://', 'names no host'],
    ['tcp://host:99999', 'is not a valid URL'],
    ['tcp://host:abc', 'is not a valid URL'],
    ['tcp://host:0', 'port 0'],
    ['tcp://me@host:2375', 'user name'],
    ['tcp://host:2375/v1.41', 'path, query or fragment'],
    ['ssh://user:secret@host', 'password'],
    ['ssh://user@host?x=1', 'query or fragment'],
    ['ssh://', 'names no host'],
    ['fd://', 'socket activation'],
    ['ftp://host', 'unknown scheme "ftp://"'],
    ['npipe://', 'names no pipe'],
  ])('refuses %j with a message that says why', (given, reason) => {
    expect(() => parseEndpoint(given)).toThrow(EndpointError);
    expect(() => parseEndpoint(given)).toThrow(reason);
  });
});

describe('endpointKey and engineSourceId', () => {
  it('gives one key to one engine however it is written, and different keys to different ones', () => {
    const key = (host: string) => endpointKey(parseEndpoint(host));
    expect(key('tcp://Build.Example')).toBe(key('tcp://build.example:2375'));
    expect(endpointKey(parseEndpoint('tcp://h:2376', tls))).toBe(key('tcp://h:2376'));
    expect(key('unix:///run/docker.sock')).toBe(key('/run/docker.sock'));
    expect(key('ssh://u@h')).toBe(key('ssh://u@h:22'));
    expect(key('ssh://u@h')).not.toBe(key('ssh://v@h'));
    expect(key('ssh://u@h/a.sock')).not.toBe(key('ssh://u@h/b.sock'));
    expect(endpointKey(parseEndpoint('unix:///var/run/docker.sock'), '/run/docker.sock')).toBe(
      key('unix:///run/docker.sock'),
    );
  });

  it('derives the id from kind, name and address: slug plus 10 hex of their sha256', () => {
    const hash = createHash('sha256')
      .update('docker\nCtx A_1\ntcp:127.0.0.1:2376')
      .digest('hex')
      .slice(0, 10);
    expect(engineSourceId('docker', 'Ctx A_1', 'tcp:127.0.0.1:2376')).toBe(
      `docker-ctx-a-1-${hash}`,
    );
    expect(engineSourceId('podman', '***', 'unix:/x')).toMatch(/^podman-engine-[0-9a-f]{10}$/);
    expect(engineSourceId('docker', 'x'.repeat(60), 'k')).toMatch(/^docker-x{40}-[0-9a-f]{10}$/);
    // Same name elsewhere, or the same place under another kind: another engine.
    expect(engineSourceId('docker', 'a', 'tcp:h:1')).not.toBe(
      engineSourceId('docker', 'a', 'tcp:h:2'),
    );
    expect(engineSourceId('docker', 'a', 'k')).not.toBe(engineSourceId('podman', 'a', 'k'));
  });

  it('makes a source whose id does not depend on the TLS material or the port being implied', () => {
    const found = {
      name: 'staging',
      kind: 'docker' as const,
      origin: 'docker-context' as const,
      current: true,
    };
    const a = makeEngineSource({ ...found, endpoint: parseEndpoint('tcp://s.example:2375') });
    const b = makeEngineSource({ ...found, endpoint: parseEndpoint('tcp://s.example', tls) }, [
      'x',
    ]);
    expect(a.id).toBe(engineSourceId('docker', 'staging', 'tcp:s.example:2375'));
    expect(b.id).not.toBe(a.id); // TLS implies 2376: another address.
    expect(b.aliases).toEqual(['x']);
    expect(a).toMatchObject({ name: 'staging', current: true, origin: 'docker-context' });
  });
});
