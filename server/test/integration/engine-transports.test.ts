import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClientOptionsInput } from '../../src/engine/endpoint-options.js';
import { Engine } from '../../src/engine/engine.js';
import { EngineClient } from '../../src/engine/engine-client.js';
import { type EngineEndpoint, parseEndpoint } from '../../src/engines/engine-source.js';
import { EngineUnreachableError } from '../../src/errors.js';
import { seededBytes } from '../helpers/image-archive.js';
import { loadImages } from '../helpers/fixtures.js';
import { makeKeyPair, PrivateSshd } from '../helpers/private-sshd.js';
import { freePort, TlsEngine } from '../helpers/tls-engine.js';
import type { RawDf } from './context.js';

const run = promisify(execFile);

/*
 * One private daemon, reached three ways: its unix socket, tcp with TLS (client certificate,
 * --tlsverify) and ssh through a private sshd whose `docker system dial-stdio` goes to that
 * daemon. Each way must give the engine's very answers; each way's failure (a CA that did not
 * sign the engine's certificate, a host key known_hosts does not have, a key that is not there)
 * must be the engine-unreachable error, naming the address and what to do, never a secret.
 */

let tls: TlsEngine;
let sshd: PrivateSshd;
let dir: string;
let knownHosts: string;
const clients: EngineClient[] = [];

beforeAll(async () => {
  tls = await TlsEngine.start();
  await loadImages(tls.engine, [
    { tags: ['transport-a:1'], layers: [{ entries: [file('/a', 'a', 40_000)] }] },
    {
      tags: ['transport-b:1', 'transport-b:latest'],
      layers: [{ entries: [file('/a', 'a', 40_000)] }, { entries: [file('/b', 'b', 7_000)] }],
    },
  ]);
  sshd = await PrivateSshd.start({ dockerHost: tls.engine.dockerHost });
  dir = await mkdtemp(join(tmpdir(), 'fp-transports-'));
  // Hashed as HashKnownHosts writes it (Debian's default), by ssh-keygen itself.
  knownHosts = await sshd.writeKnownHosts(join(dir, 'known_hosts'), { hashed: true });
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await sshd?.destroy();
  await tls?.destroy();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** The first event a GET /events stream sends. */
function firstEvent(stream: Readable): Promise<unknown> {
  return new Promise((resolve, reject) => {
    stream.once('data', (chunk: Buffer) =>
      resolve(JSON.parse(chunk.toString('utf8').split('\n')[0] ?? '')),
    );
    stream.once('error', reject);
  });
}

async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50));
}

function file(path: string, seed: string, size: number) {
  return { type: 'file' as const, path, content: seededBytes(seed, size) };
}

/** A client as a connection builds one; ssh sees only this test's files (no agent, no ~/.ssh). */
function engineOver(
  endpoint: EngineEndpoint,
  input: EngineClientOptionsInput & { timeoutMs?: number } = {},
): Engine {
  const client = new EngineClient({
    endpoint,
    knownHostsPath: knownHosts,
    homeDir: dir,
    sshAuthSock: null,
    timeoutMs: 30_000,
    ...input,
  });
  clients.push(client);
  return new Engine(client);
}

async function unreachable(engine: Engine): Promise<EngineUnreachableError> {
  const error: unknown = await engine.listImages().then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(EngineUnreachableError);
  return error as EngineUnreachableError;
}

/** No message quotes a private key's contents (any line of the tests' keys, or of `more`). */
async function expectNoSecret(message: string, more: string[] = []): Promise<void> {
  const files = [tls.keyPath, sshd.identityPath, ...more];
  const texts = await Promise.all(files.map((path) => readFile(path, 'utf8')));
  const lines = texts.flatMap((text) =>
    text.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----')),
  );
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(message).not.toContain(line);
}

describe('one engine over unix, tcp+TLS and ssh', () => {
  it('gives the engine’s own image list and /system/df over every transport', async () => {
    const reference = await tls.engine.api<RawDf>('/system/df');
    const referenceImages = await tls.engine.api<{ Id: string; Size: number }[]>('/images/json');
    expect(reference.Images.length).toBeGreaterThanOrEqual(2);
    const transports = {
      unix: parseEndpoint(tls.engine.dockerHost),
      tls: tls.endpoint(),
      ssh: sshd.endpoint(),
    };
    for (const [name, endpoint] of Object.entries(transports)) {
      const engine = engineOver(endpoint);
      const df = await engine.rawDiskUsage();
      const images = await engine.listImages();
      const rows = (df.Images ?? []).map((image) => [image.Id, image.Size, image.SharedSize]);
      expect(rows.sort(), name).toEqual(
        reference.Images.map((image) => [image.Id, image.Size, image.SharedSize]).sort(),
      );
      expect(df.LayersSize, name).toBe(reference.LayersSize);
      expect(images.map((image) => [image.id, image.size]).sort(), name).toEqual(
        referenceImages.map((image) => [image.Id, image.Size]).sort(),
      );
      const status = await engine.status();
      expect(status.reachable, name).toBe(true);
      expect(status.endpoint, name).toBe(name === 'unix' ? tls.engine.socketPath : endpoint.host);
    }
  });

  it('reaches the engine over ssh with a plain known_hosts entry as well as a hashed one', async () => {
    const plain = await sshd.writeKnownHosts(join(dir, 'known_hosts_plain'));
    const engine = engineOver(sshd.endpoint(), { knownHostsPath: plain });
    expect(await engine.answers()).toBe(true);
  });

  it('follows the engine’s events over TLS and ssh (a long-lived stream on one channel)', async () => {
    const streams: Readable[] = [];
    try {
      for (const endpoint of [tls.endpoint(), sshd.endpoint()]) {
        const engine = engineOver(endpoint);
        const filters = { type: ['image' as const], event: ['tag'] };
        streams.push(
          (await engine.client.call((docker) => docker.getEvents({ filters }))) as Readable,
        );
      }
      const tagged = streams.map(firstEvent);
      await tls.engine.docker(['tag', 'transport-a:1', 'transport-a:events']);
      for (const event of await Promise.all(tagged)) {
        expect(event).toMatchObject({ Type: 'image', Action: 'tag' });
      }
    } finally {
      for (const stream of streams) stream.destroy();
    }
  });

  it('logs in with a key the ssh agent holds (SSH_AUTH_SOCK), no key file named', async () => {
    const socket = join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      await waitUntil(() => existsSync(socket));
      await run('ssh-add', [sshd.identityPath], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
      const engine = engineOver(parseEndpoint(sshd.address), { sshAuthSock: socket });
      expect(await engine.answers()).toBe(true);
    } finally {
      agent.kill('SIGTERM');
    }
  });

  it('reaches a host named by an alias in ssh’s config (HostName, Port, User, IdentityFile)', async () => {
    const config = join(dir, 'ssh_config');
    await writeFile(
      config,
      [
        'Host engine-box',
        '  HostName 127.0.0.1',
        `  Port ${sshd.port}`,
        '  User root',
        `  IdentityFile ${sshd.identityPath}`,
        'Host *',
        '  ServerAliveInterval 30',
        '',
      ].join('\n'),
    );
    const engine = engineOver(parseEndpoint('ssh://engine-box'), { sshConfigPath: config });
    expect(await engine.answers()).toBe(true);
  });

  it('forwards to the engine’s remote socket when the address names one (a Podman connection)', async () => {
    const engine = engineOver(sshd.endpoint({ socketPath: tls.engine.socketPath }));
    const df = await engine.rawDiskUsage();
    const reference = await tls.engine.api<RawDf>('/system/df');
    expect(df.LayersSize).toBe(reference.LayersSize);
  });
});

describe('a transport that cannot be trusted or used says so', () => {
  it('refuses an engine certificate that the named CA did not sign', async () => {
    const error = await unreachable(engineOver(tls.endpoint({ caPath: tls.wrongCaPath })));
    expect(error.message).toContain(`The Docker engine at ${tls.address} is not reachable`);
    expect(error.message).toContain('its TLS certificate was not accepted');
    expect(error.message).toContain(tls.wrongCaPath);
    await expectNoSecret(error.message);
  });

  it('says the engine wants a client certificate when none is given', async () => {
    const endpoint = parseEndpoint(tls.address, {
      caPath: tls.caPath,
      certPath: null,
      keyPath: null,
      verify: true,
    });
    const error = await unreachable(engineOver(endpoint));
    expect(error.message).toContain('wants a client certificate and key signed by its CA');
  });

  it('connects with the wrong CA when the source says not to verify (SkipTLSVerify)', async () => {
    const engine = engineOver(tls.endpoint({ caPath: tls.wrongCaPath, verify: false }));
    const reference = await tls.engine.api<RawDf>('/system/df');
    expect((await engine.rawDiskUsage()).LayersSize).toBe(reference.LayersSize);
  });

  it('refuses an ssh host whose key known_hosts does not have, naming what to run', async () => {
    const engine = engineOver(sshd.endpoint(), { knownHostsPath: join(dir, 'no-such-file') });
    const error = await unreachable(engine);
    expect(error.message).toContain(`The Docker engine at ${sshd.address} is not reachable`);
    expect(error.message).toContain(`the ssh host key of 127.0.0.1:${sshd.port}`);
    expect(error.message).toContain(`ssh-keyscan -p ${sshd.port} 127.0.0.1`);
    expect(error.message).toContain(`ssh -p ${sshd.port} root@127.0.0.1`);
    await expectNoSecret(error.message);
  });

  it('refuses an ssh host whose key changed', async () => {
    // known_hosts holds another ed25519 key for this host: what a reinstalled host looks like.
    const previous = await makeKeyPair(dir, 'previous_host_ed25519');
    const changed = join(dir, 'known_hosts_changed');
    await writeFile(changed, `[127.0.0.1]:${sshd.port} ${previous.publicKey}\n`);
    const error = await unreachable(engineOver(sshd.endpoint(), { knownHostsPath: changed }));
    expect(error.message).toContain(`the ssh host key of 127.0.0.1:${sshd.port}`);
    expect(error.message).toContain(`is not the one ${changed} has for it (line 1)`);
    expect(error.message).toContain(`ssh-keygen -f ${changed} -R '[127.0.0.1]:${sshd.port}'`);
  });

  it('says the remote socket could not be opened', async () => {
    const engine = engineOver(sshd.endpoint({ socketPath: '/nonexistent/podman.sock' }));
    const error = await unreachable(engine);
    expect(error.message).toContain(
      `the ssh server at root@127.0.0.1:${sshd.port} refused to open the engine's socket /nonexistent/podman.sock`,
    );
  });

  it('says what `docker system dial-stdio` said when it fails on the remote host', async () => {
    const lost = await PrivateSshd.start({ dockerHost: 'unix:///nonexistent/docker.sock' });
    try {
      const knownHostsPath = await lost.writeKnownHosts(join(dir, 'known_hosts_lost'));
      const error = await unreachable(engineOver(lost.endpoint(), { knownHostsPath }));
      expect(error.message).toContain(
        `"docker system dial-stdio" on root@127.0.0.1:${lost.port} exited with 1`,
      );
      expect(error.message).toContain('dial unix /nonexistent/docker.sock');
    } finally {
      await lost.destroy();
    }
  });

  it('says plainly that a ProxyJump in ssh’s config is not followed', async () => {
    const config = join(dir, 'ssh_config_jump');
    await writeFile(config, 'Host behind-bastion\n  ProxyJump bastion.example\n');
    const engine = engineOver(parseEndpoint('ssh://behind-bastion'), { sshConfigPath: config });
    const error = await unreachable(engine);
    expect(error.message).toContain(`${config} reaches behind-bastion through a ProxyJump`);
  });

  it('ends a request the engine behind the tunnel never answers, as on a unix socket', async () => {
    // A socket that accepts and says nothing: what a hung engine looks like from here.
    const silentPath = join(dir, 'silent.sock');
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(silentPath, resolve));
    try {
      const engine = engineOver(sshd.endpoint({ socketPath: silentPath }), { timeoutMs: 1_500 });
      const error = await unreachable(engine);
      expect(error.message).toContain(`The Docker engine at ${sshd.address}${silentPath}`);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('says no ssh server answers where nothing listens', async () => {
    const port = await freePort();
    const endpoint = parseEndpoint(`ssh://root@127.0.0.1:${port}`, null, sshd.identityPath);
    const error = await unreachable(engineOver(endpoint));
    expect(error.message).toContain(`the ssh server at root@127.0.0.1:${port} cannot be reached`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('says which identity file is missing', async () => {
    const missing = join(dir, 'id_missing');
    const error = await unreachable(engineOver(sshd.endpoint({ identity: missing })));
    expect(error.message).toContain(`its ssh identity file ${missing} does not exist`);
  });

  it('says there is no key at all when there is neither an agent nor a key file', async () => {
    const endpoint = parseEndpoint(sshd.address);
    const error = await unreachable(engineOver(endpoint));
    expect(error.message).toContain('there is no ssh key to log in with');
  });

  it('says the server refused the keys offered, naming the file but not its contents', async () => {
    const stranger = await makeKeyPair(dir, 'stranger_ed25519');
    const error = await unreachable(engineOver(sshd.endpoint({ identity: stranger.path })));
    expect(error.message).toContain(`127.0.0.1:${sshd.port} accepted none of the keys offered`);
    expect(error.message).toContain(stranger.path);
    await expectNoSecret(error.message, [stranger.path]);
  });
});

describe('an engine that stops and starts again behind its transport', () => {
  it('is away over TLS and ssh while stopped, with why, and answers again once back', async () => {
    const overTls = engineOver(tls.endpoint());
    const overSsh = engineOver(sshd.endpoint());
    expect([await overTls.answers(), await overSsh.answers()]).toEqual([true, true]);
    await tls.engine.stopDaemon();
    try {
      expect([await overTls.answers(), await overSsh.answers()]).toEqual([false, false]);
      const status = await overSsh.status();
      expect(status.reachable).toBe(false);
      expect(status.message).toContain('"docker system dial-stdio" on root@127.0.0.1');
      expect(status.message).toContain(tls.engine.socketPath);
    } finally {
      await tls.engine.startDaemon();
    }
    expect([await overTls.answers(), await overSsh.answers()]).toEqual([true, true]);
  });
});
