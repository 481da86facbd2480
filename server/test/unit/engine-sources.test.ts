import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  contextDirName,
  readDockerContexts,
  watchDockerContexts,
} from '../../src/engines/sources/docker-contexts.js';
import { readPodmanConnections } from '../../src/engines/sources/podman-connections.js';
import { closeServer, listenOnSocket, writeContext } from '../helpers/engine-config-files.js';

let root: string;
let servers: Server[];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fp-engine-sources-'));
  servers = [];
});
afterEach(async () => {
  for (const server of servers) await closeServer(server);
  await rm(root, { recursive: true, force: true });
});

const noPodman = { systemConfigPaths: [], sockets: [] };

describe('readDockerContexts', () => {
  it('reads contexts, their TLS files and the current context from config.json', async () => {
    const dir = join(root, 'docker');
    await writeContext(dir, 'tls-ctx', 'tcp://127.0.0.1:2376', false, [
      'ca.pem',
      'cert.pem',
      'key.pem',
    ]);
    await writeContext(dir, 'skip-ctx', 'tcp://h.example:2376', true);
    await writeContext(dir, 'plain', 'tcp://h.example:2375');
    await writeContext(dir, 'ssh-ctx', 'ssh://me@box:2222', false, ['ca.pem']);
    await writeFile(join(dir, 'config.json'), JSON.stringify({ currentContext: 'ssh-ctx' }));
    const result = await readDockerContexts({ HOME: root }, dir);
    const tlsDir = join(dir, 'contexts', 'tls', contextDirName('tls-ctx'), 'docker');
    expect(result.problems).toEqual([]);
    expect(result.currentContext).toBe('ssh-ctx');
    expect(result.contexts.map((c) => [c.name, c.current])).toEqual([
      ['plain', false],
      ['skip-ctx', false],
      ['ssh-ctx', true],
      ['tls-ctx', false],
    ]);
    const byName = new Map(result.contexts.map((c) => [c.name, c.endpoint]));
    expect(byName.get('tls-ctx')?.tls).toEqual({
      caPath: join(tlsDir, 'ca.pem'),
      certPath: join(tlsDir, 'cert.pem'),
      keyPath: join(tlsDir, 'key.pem'),
      verify: true,
    });
    expect(byName.get('skip-ctx')?.tls).toEqual({
      caPath: null,
      certPath: null,
      keyPath: null,
      verify: false,
    });
    expect(byName.get('plain')?.tls).toBeNull();
    expect(byName.get('ssh-ctx')).toMatchObject({ tls: null, ssh: { user: 'me', port: 2222 } });
    expect(result.defaultContext).toMatchObject({
      name: 'default',
      origin: 'docker-host',
      current: false,
      endpoint: { host: 'unix:///var/run/docker.sock' },
    });
    expect(result.defaultIsImplicit).toBe(true);
  });

  it('lets DOCKER_HOST, then DOCKER_CONTEXT, override config.json as the CLI does', async () => {
    const dir = join(root, 'docker');
    await writeContext(dir, 'a', 'unix:///a.sock');
    await writeContext(dir, 'b', 'unix:///b.sock');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ currentContext: 'a' }));
    const env = { HOME: root, DOCKER_CONFIG: dir };
    expect((await readDockerContexts(env)).currentContext).toBe('a');
    expect((await readDockerContexts({ ...env, DOCKER_CONTEXT: 'b' })).currentContext).toBe('b');
    const hosted = await readDockerContexts({
      ...env,
      DOCKER_CONTEXT: 'b',
      DOCKER_HOST: 'tcp://10.1.2.3:2375',
    });
    expect(hosted.currentContext).toBe('default');
    expect(hosted.defaultContext).toMatchObject({
      current: true,
      endpoint: { transport: 'tcp', address: { hostname: '10.1.2.3', port: 2375 }, tls: null },
    });
    expect(hosted.defaultIsImplicit).toBe(false);
  });

  it('takes the default context TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
    const certs = join(root, 'certs');
    await mkdir(certs);
    await writeFile(join(certs, 'ca.pem'), 'PEM');
    await writeFile(join(certs, 'cert.pem'), 'PEM');
    const env = {
      HOME: root,
      DOCKER_HOST: 'tcp://h:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certs,
    };
    const result = await readDockerContexts(env, join(root, 'none'));
    expect(result.defaultContext?.endpoint.tls).toEqual({
      caPath: join(certs, 'ca.pem'),
      certPath: join(certs, 'cert.pem'),
      keyPath: null, // absent: dropped, as the CLI drops it
      verify: true,
    });
    // DOCKER_TLS alone: TLS without verification, files from the config dir; the CLI's TLS default host.
    const bare = await readDockerContexts({ HOME: root, DOCKER_TLS: '1' }, certs);
    expect(bare.defaultContext?.endpoint).toMatchObject({
      host: 'tcp://localhost:2376',
      tls: { caPath: join(certs, 'ca.pem'), verify: false },
    });
  });

  it('says what is wrong with a broken file or a missing current context, and keeps the rest', async () => {
    const dir = join(root, 'docker');
    await writeContext(dir, 'good', 'unix:///good.sock');
    await writeContext(dir, 'bad-host', 'ftp://nope');
    const broken = join(dir, 'contexts', 'meta', 'x');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'meta.json'), '{not json');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ currentContext: 'gone' }));
    const result = await readDockerContexts({ HOME: root }, dir);
    expect(result.contexts.map((c) => c.name)).toEqual(['good']);
    expect(result.problems).toHaveLength(3);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`${join(broken, 'meta.json')} is not valid JSON`),
        expect.stringContaining(
          'The docker context "bad-host": The engine address "ftp://nope" has an unknown scheme',
        ),
        expect.stringContaining('The current docker context "gone" (currentContext in'),
      ]),
    );
    const env = await readDockerContexts({ HOME: root, DOCKER_CONTEXT: 'nope' }, dir);
    expect(env.problems.at(-1)).toContain('"nope" (DOCKER_CONTEXT) does not exist');
  });
});

describe('readPodmanConnections', () => {
  it('reads podman-connections.json over containers.conf, and the default of each', async () => {
    const conf = join(root, 'containers');
    await mkdir(join(conf, 'containers.conf.d'), { recursive: true });
    await writeFile(
      join(conf, 'containers.conf'),
      [
        '[engine]',
        'active_service = "old"',
        '[engine.service_destinations.old]',
        'uri = "ssh://core@box:2222/run/podman/podman.sock"',
        'identity = "/keys/id"',
        '[engine.service_destinations.both]',
        'uri = "unix:///from-conf.sock"',
      ].join('\n'),
    );
    await writeFile(
      join(conf, 'containers.conf.d', '10-more.conf'),
      '[engine.service_destinations.dropin]\nuri = "tcp://127.0.0.1:8888"\n',
    );
    await writeFile(
      join(conf, 'podman-connections.json'),
      JSON.stringify({
        Connection: {
          Default: 'both',
          Connections: { both: { URI: 'unix:///from-json.sock', Identity: '', IsMachine: false } },
        },
        Farm: {},
      }),
    );
    const result = await readPodmanConnections({ HOME: root }, { configDir: conf, ...noPodman });
    expect(result.problems).toEqual([]);
    expect(result.defaultConnection).toBe('both');
    expect(result.connections).toEqual([
      {
        name: 'both',
        kind: 'podman',
        origin: 'podman-connection',
        current: true,
        endpoint: expect.objectContaining({ socketPath: '/from-json.sock' }),
      },
      expect.objectContaining({
        name: 'dropin',
        endpoint: expect.objectContaining({ address: { hostname: '127.0.0.1', port: 8888 } }),
      }),
      expect.objectContaining({
        name: 'old',
        current: false,
        endpoint: expect.objectContaining({
          ssh: {
            user: 'core',
            host: 'box',
            port: 2222,
            identity: '/keys/id',
            socketPath: '/run/podman/podman.sock',
          },
        }),
      }),
    ]);
    // CONTAINERS_CONF alone replaces every other containers.conf; CONTAINER_CONNECTION picks the current.
    const only = join(root, 'only.conf');
    await writeFile(only, '[engine.service_destinations.solo]\nuri = "unix:///solo.sock"\n');
    const replaced = await readPodmanConnections(
      { HOME: root, CONTAINERS_CONF: only, CONTAINER_CONNECTION: 'solo' },
      { configDir: join(root, 'empty'), ...noPodman },
    );
    expect(replaced.connections.map((c) => [c.name, c.current])).toEqual([['solo', true]]);
  });

  it('lists the service sockets that exist, and CONTAINER_HOST as the current engine', async () => {
    servers.push(await listenOnSocket(join(root, 'podman.sock')));
    const result = await readPodmanConnections(
      { HOME: root, CONTAINER_HOST: 'unix:///elsewhere.sock' },
      {
        configDir: join(root, 'none'),
        systemConfigPaths: [],
        sockets: [
          { name: 'podman', path: join(root, 'podman.sock') },
          { name: 'podman-user', path: join(root, 'absent.sock') },
        ],
      },
    );
    expect(result.others.map((o) => [o.name, o.origin, o.current, o.endpoint.socketPath])).toEqual([
      ['CONTAINER_HOST', 'env', true, '/elsewhere.sock'],
      ['podman', 'podman-socket', false, join(root, 'podman.sock')],
    ]);
  });

  it('says which file is not valid TOML or JSON, and which connection has a bad address', async () => {
    const conf = join(root, 'containers');
    await mkdir(conf);
    await writeFile(join(conf, 'containers.conf'), '[engine\nactive_service = 1');
    await writeFile(
      join(conf, 'podman-connections.json'),
      '{"Connection": {"Connections": {"x": {"URI": "gopher://x"}}}}',
    );
    const result = await readPodmanConnections({ HOME: root }, { configDir: conf, ...noPodman });
    expect(result.connections).toEqual([]);
    expect(result.problems).toEqual([
      expect.stringContaining(`${join(conf, 'containers.conf')} is not valid TOML`),
      expect.stringContaining('The Podman connection "x"'),
    ]);
  });
});

describe('watchDockerContexts', () => {
  it('waits for a config dir that does not exist yet and sees a context written into it', async () => {
    const dir = join(root, 'later', 'docker');
    const seen: string[][] = [];
    let resolveSeen: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (resolveSeen = resolve));
    const watcher = watchDockerContexts(
      dir,
      async () => {
        const names = (await readDockerContexts({ HOME: root }, dir)).contexts.map((c) => c.name);
        seen.push(names);
        if (names.includes('late')) resolveSeen();
      },
      { debounceMs: 20 },
    );
    try {
      await mkdir(dir, { recursive: true });
      await writeContext(dir, 'late', 'unix:///late.sock');
      await done;
      expect(seen.at(-1)).toEqual(['late']);
    } finally {
      watcher.close();
    }
  });
});
