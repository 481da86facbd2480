import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readDockerContexts,
  watchDockerContexts,
} from '../../src/engines/sources/docker-contexts.js';
import { discoverEngines, watchEngineSources } from '../../src/engines/sources/index.js';
import { readPodmanConnections } from '../../src/engines/sources/podman-connections.js';
import { makeTestCa, type TestCa } from '../helpers/registry-certs.js';

/**
 * Contexts and connections made by the real docker and podman CLIs in temp config dirs (never
 * the machine's ~/.docker or containers config: HOME, DOCKER_CONFIG, XDG_CONFIG_HOME and
 * CONTAINERS_CONF all point into the temp dir), read back and compared with what the CLIs
 * themselves say about them.
 */
const run = promisify(execFile);

let root: string;
let ca: TestCa;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fp-engine-cli-'));
  ca = await makeTestCa(root);
  env = {
    PATH: process.env.PATH,
    HOME: join(root, 'home'),
    DOCKER_CONFIG: join(root, 'docker'),
    XDG_CONFIG_HOME: join(root, 'xdg'),
    CONTAINERS_CONF: join(root, 'containers.conf'),
  };
  await mkdir(join(root, 'home'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function docker(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<string> {
  return (await run('docker', args, { env: { ...env, ...extra } })).stdout.trim();
}

/** The current context as the CLI marks it (`docker context show` is newer than Debian's 20.10). */
async function cliCurrentContext(extra: NodeJS.ProcessEnv = {}): Promise<string> {
  return docker(['context', 'ls', '--format', '{{if .Current}}{{.Name}}{{end}}'], extra);
}

async function podman(args: string[]): Promise<string> {
  return (await run('podman', args, { env })).stdout.trim();
}

interface CliContext {
  Name: string;
  Endpoints: { docker: { Host: string; SkipTLSVerify: boolean } };
  Storage: { MetadataPath: string; TLSPath: string };
}

describe('docker contexts made by the docker CLI', () => {
  it('reads every context back exactly: address, TLS files, SkipTLSVerify and the current one', async () => {
    await docker([
      'context',
      'create',
      'ctx-a',
      '--docker',
      `host=tcp://127.0.0.1:2376,ca=${ca.caCertPath},cert=${ca.serverCertPath},key=${ca.serverKeyPath}`,
    ]);
    await docker(['context', 'create', 'ctx-ssh', '--docker', 'host=ssh://user@host']);
    await docker([
      'context',
      'create',
      'ctx-port',
      '--docker',
      'host=ssh://deploy@build.example:2222',
    ]);
    await docker([
      'context',
      'create',
      'ctx-skip',
      '--docker',
      `host=tcp://127.0.0.1:2377,ca=${ca.caCertPath},skip-tls-verify=true`,
    ]);
    await docker(['context', 'use', 'ctx-a']);

    const read = await readDockerContexts(env);
    expect(read.problems).toEqual([]);
    const inspected = JSON.parse(
      await docker(['context', 'inspect', 'ctx-a', 'ctx-ssh', 'ctx-port', 'ctx-skip']),
    ) as CliContext[];
    expect(read.contexts.map((c) => c.name).sort()).toEqual(inspected.map((c) => c.Name).sort());
    for (const cli of inspected) {
      const ours = read.contexts.find((c) => c.name === cli.Name);
      expect(ours?.endpoint.host).toBe(cli.Endpoints.docker.Host);
      if (ours?.endpoint.tls) {
        expect(ours.endpoint.tls.verify).toBe(!cli.Endpoints.docker.SkipTLSVerify);
        // The files are where the CLI says it keeps them for this context.
        for (const path of [
          ours.endpoint.tls.caPath,
          ours.endpoint.tls.certPath,
          ours.endpoint.tls.keyPath,
        ]) {
          if (path !== null)
            expect(path.startsWith(join(cli.Storage.TLSPath, 'docker'))).toBe(true);
        }
      }
    }
    const ctxA = read.contexts.find((c) => c.name === 'ctx-a');
    expect(ctxA).toMatchObject({
      kind: 'docker',
      origin: 'docker-context',
      current: true,
      endpoint: { transport: 'tcp', address: { hostname: '127.0.0.1', port: 2376 } },
    });
    // Byte for byte the files given to `docker context create`.
    const tls = ctxA?.endpoint.tls;
    expect(tls?.verify).toBe(true);
    expect(await readFile(tls?.caPath ?? '')).toEqual(await readFile(ca.caCertPath));
    expect(await readFile(tls?.certPath ?? '')).toEqual(await readFile(ca.serverCertPath));
    expect(await readFile(tls?.keyPath ?? '')).toEqual(await readFile(ca.serverKeyPath));
    expect(read.contexts.find((c) => c.name === 'ctx-skip')?.endpoint.tls).toMatchObject({
      certPath: null,
      keyPath: null,
      verify: false,
    });
    expect(read.contexts.find((c) => c.name === 'ctx-ssh')?.endpoint).toMatchObject({
      transport: 'ssh',
      tls: null,
      ssh: { user: 'user', host: 'host', port: 22, identity: null, socketPath: null },
    });
    expect(read.contexts.find((c) => c.name === 'ctx-port')?.endpoint.ssh).toMatchObject({
      user: 'deploy',
      host: 'build.example',
      port: 2222,
    });
    expect(read.currentContext).toBe(await cliCurrentContext());
  });

  it('resolves the current context with DOCKER_CONTEXT and DOCKER_HOST as the CLI does', async () => {
    const cases: NodeJS.ProcessEnv[] = [
      {},
      { DOCKER_CONTEXT: 'ctx-ssh' },
      { DOCKER_HOST: 'tcp://127.0.0.1:2999' },
      { DOCKER_CONTEXT: 'ctx-ssh', DOCKER_HOST: 'tcp://127.0.0.1:2999' },
    ];
    for (const extra of cases) {
      const read = await readDockerContexts({ ...env, ...extra });
      expect(read.currentContext).toBe(await cliCurrentContext(extra));
    }
    const hosted = await readDockerContexts({ ...env, DOCKER_HOST: 'tcp://127.0.0.1:2999' });
    const cliDefault = JSON.parse(
      await docker(['context', 'inspect', 'default'], { DOCKER_HOST: 'tcp://127.0.0.1:2999' }),
    ) as CliContext[];
    expect(hosted.defaultContext?.endpoint.host).toBe(cliDefault[0]?.Endpoints.docker.Host);
    expect(hosted.defaultContext?.current).toBe(true);
    expect(hosted.contexts.every((c) => !c.current)).toBe(true);
  });

  it('sees a context the CLI adds, switches to or removes while the watcher runs', async () => {
    const dir = join(root, 'watched');
    const watchedEnv = { ...env, DOCKER_CONFIG: dir };
    let waiting: { check: (names: string[], current: string) => boolean; done: () => void } | null =
      null;
    const until = (check: (names: string[], current: string) => boolean) =>
      new Promise<void>((done) => (waiting = { check, done }));
    const watcher = watchDockerContexts(
      dir,
      async () => {
        const read = await readDockerContexts(watchedEnv);
        const names = read.contexts.map((c) => c.name);
        if (waiting?.check(names, read.currentContext)) waiting.done();
      },
      { debounceMs: 50 },
    );
    try {
      // The config dir does not exist yet: the CLI makes it.
      let seen = until((names) => names.includes('late'));
      await run('docker', ['context', 'create', 'late', '--docker', 'host=ssh://me@late.example'], {
        env: watchedEnv,
      });
      await seen;
      seen = until((_, current) => current === 'late');
      await run('docker', ['context', 'use', 'late'], { env: watchedEnv });
      await seen;
      seen = until((names) => names.includes('later'));
      await run('docker', ['context', 'create', 'later', '--docker', 'host=unix:///later.sock'], {
        env: watchedEnv,
      });
      await seen;
      seen = until((names) => !names.includes('later'));
      await run('docker', ['context', 'rm', 'later'], { env: watchedEnv });
      await seen;
      const read = await readDockerContexts(watchedEnv);
      expect(read.contexts.map((c) => c.name)).toEqual(['late']);
      expect(read.currentContext).toBe('late');
    } finally {
      watcher.close();
    }
  });
});

interface CliConnection {
  Name: string;
  URI: string;
  Identity: string;
  Default: boolean;
}

describe('Podman connections made by the podman CLI', () => {
  it('reads every connection back as `podman system connection list` shows it', async () => {
    // Podman 4.3 writes connections into the file CONTAINERS_CONF names, which must exist.
    await writeFile(env.CONTAINERS_CONF ?? '', '');
    const identity = join(root, 'id_ed25519');
    await podman(['system', 'connection', 'add', 'local', `unix://${join(root, 'podman.sock')}`]);
    await podman([
      'system',
      'connection',
      'add',
      '--identity',
      identity,
      'remote',
      'ssh://core@198.51.100.7:2222/run/user/1000/podman/podman.sock',
    ]);
    await podman(['system', 'connection', 'add', '--default', 'tcp-box', 'tcp://127.0.0.1:8888']);

    const cli = JSON.parse(
      await podman(['system', 'connection', 'list', '--format', 'json']),
    ) as CliConnection[];
    const read = await readPodmanConnections(env, { systemConfigPaths: [], sockets: [] });
    expect(read.problems).toEqual([]);
    expect(
      read.connections.map((c) => ({
        Name: c.name,
        URI: c.endpoint.host,
        Identity: c.endpoint.ssh?.identity ?? '',
        Default: c.current,
      })),
    ).toEqual(
      cli
        .map(({ Name, URI, Identity, Default }) => ({ Name, URI, Identity, Default }))
        .sort((a, b) => a.Name.localeCompare(b.Name)),
    );
    expect(read.defaultConnection).toBe('tcp-box');
    expect(read.connections.find((c) => c.name === 'remote')?.endpoint.ssh).toEqual({
      user: 'core',
      host: '198.51.100.7',
      port: 2222,
      identity,
      socketPath: '/run/user/1000/podman/podman.sock',
    });
  });

  it('merges a docker context and a Podman connection on one socket into one Podman engine', async () => {
    const socket = `unix://${join(root, 'podman.sock')}`;
    await docker(['context', 'create', 'via-docker', '--docker', `host=${socket}`]);
    const { engines, problems } = await discoverEngines({
      env,
      podman: { systemConfigPaths: [], sockets: [] },
    });
    expect(problems).toEqual([]);
    const merged = engines.filter((e) => e.endpoint.host === socket);
    expect(merged).toEqual([
      expect.objectContaining({ name: 'via-docker', kind: 'podman', aliases: ['local'] }),
    ]);
    const restricted = await discoverEngines({
      env,
      podman: { systemConfigPaths: [], sockets: [] },
      settings: 'local,ctx-a',
    });
    expect(restricted.engines.map((e) => e.name)).toEqual(['via-docker', 'ctx-a']);
  });

  it('sees a connection podman adds while the watcher runs', async () => {
    const options = { env, podman: { systemConfigPaths: [], sockets: [] } };
    let seen: () => void = () => undefined;
    const added = new Promise<void>((done) => (seen = done));
    const watcher = watchEngineSources(
      options,
      async () => {
        const { engines } = await discoverEngines(options);
        if (engines.some((e) => e.name === 'added-later')) seen();
      },
      { debounceMs: 50 },
    );
    try {
      await podman([
        'system',
        'connection',
        'add',
        'added-later',
        'ssh://ops@203.0.113.9/run/podman/podman.sock',
      ]);
      await added;
      const { engines } = await discoverEngines(options);
      expect(engines.find((e) => e.name === 'added-later')).toMatchObject({
        kind: 'podman',
        origin: 'podman-connection',
        endpoint: { transport: 'ssh', ssh: { user: 'ops', host: '203.0.113.9', port: 22 } },
      });
    } finally {
      watcher.close();
    }
  });
});
