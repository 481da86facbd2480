import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineSourceId } from '../../src/engines/engine-source.js';
import {
  discoverEngines,
  EngineSettingsError,
  parseEngineSettings,
  watchEngineSources,
} from '../../src/engines/sources/index.js';
import { closeServer, listenOnSocket, writeContext } from '../helpers/engine-config-files.js';

let root: string;
let servers: Server[];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fp-engine-discovery-'));
  servers = [];
});
afterEach(async () => {
  for (const server of servers) await closeServer(server);
  await rm(root, { recursive: true, force: true });
});

const noPodman = { systemConfigPaths: [], sockets: [] };

describe('FOOTPRINT_ENGINES', () => {
  it('parses names, kinds, labels and URLs', () => {
    expect(parseEngineSettings(undefined)).toBeNull();
    expect(parseEngineSettings('  ')).toBeNull();
    expect(
      parseEngineSettings(
        'default, podman:build-box ,staging=tcp://10.0.0.5:2376,docker:/run/x.sock',
      ),
    ).toEqual([
      { kind: null, name: 'default' },
      { kind: 'podman', name: 'build-box' },
      { kind: null, url: 'tcp://10.0.0.5:2376', label: 'staging' },
      { kind: 'docker', url: '/run/x.sock', label: null },
    ]);
  });

  it.each([
    ['a,,b', 'empty entry'],
    ['x=name', 'a LABEL= goes before a URL'],
    ['tcp://h:99999', 'not a valid URL'],
    ['two words', 'neither a name nor a URL'],
  ])('refuses %j', (value, reason) => {
    expect(() => parseEngineSettings(value)).toThrow(EngineSettingsError);
    expect(() => parseEngineSettings(value)).toThrow(reason);
  });
});

describe('discoverEngines', () => {
  it('merges one socket named twice into one engine, Podman if a Podman finder says so', async () => {
    const docker = join(root, 'docker');
    const podman = join(root, 'containers');
    await mkdir(join(root, 'run'));
    await symlink(join(root, 'run'), join(root, 'var-run'));
    servers.push(await listenOnSocket(join(root, 'run', 'podman.sock')));
    await writeContext(docker, 'pm', `unix://${join(root, 'var-run', 'podman.sock')}`);
    await writeContext(docker, 'remote', 'ssh://me@box');
    await mkdir(podman);
    await writeFile(
      join(podman, 'containers.conf'),
      `[engine]\nactive_service = "local"\n[engine.service_destinations.local]\nuri = "unix://${join(root, 'run', 'podman.sock')}"\n`,
    );
    const { engines, problems } = await discoverEngines({
      env: { HOME: root, DOCKER_HOST: `unix://${join(root, 'docker.sock')}` },
      dockerConfigDir: docker,
      podmanConfigDir: podman,
      podman: {
        systemConfigPaths: [],
        sockets: [{ name: 'podman', path: join(root, 'run', 'podman.sock') }],
      },
    });
    expect(problems).toEqual([]);
    expect(engines.map((e) => [e.name, e.kind, e.origin, e.current, e.aliases])).toEqual([
      ['default', 'docker', 'docker-host', true, []],
      ['pm', 'podman', 'docker-context', true, ['local', 'podman']],
      ['remote', 'docker', 'docker-context', false, []],
    ]);
    expect(engines[1]?.id).toBe(
      engineSourceId('podman', 'pm', `unix:${join(root, 'var-run', 'podman.sock')}`),
    );
  });

  it('keeps the implicit default only when its socket is there or nothing else is found', async () => {
    const docker = join(root, 'docker');
    const base = {
      env: { HOME: root },
      dockerConfigDir: docker,
      podmanConfigDir: join(root, 'p'),
      podman: noPodman,
    };
    // Nothing configured: the default stays, as the single-engine dashboard follows it today.
    expect((await discoverEngines(base)).engines.map((e) => e.name)).toEqual(['default']);
    await writeContext(docker, 'only', 'ssh://me@box');
    // With another engine found, the implicit default stays only if its socket is there.
    const names = (await discoverEngines(base)).engines.map((e) => e.name);
    expect(names).toEqual(existsSync('/var/run/docker.sock') ? ['default', 'only'] : ['only']);
    // Named in FOOTPRINT_ENGINES, it is kept whatever.
    expect(
      (await discoverEngines({ ...base, settings: 'default' })).engines.map((e) => e.name),
    ).toEqual(['default']);
  });

  it('keeps only the engines FOOTPRINT_ENGINES names, in its order, and says which names match nothing', async () => {
    const docker = join(root, 'docker');
    const podman = join(root, 'containers');
    await writeContext(docker, 'a', 'tcp://a.example:2375');
    await writeContext(docker, 'twin', 'tcp://t1.example:2375');
    await mkdir(podman);
    await writeFile(
      join(podman, 'podman-connections.json'),
      JSON.stringify({ Connection: { Connections: { twin: { URI: 'tcp://t2.example:2375' } } } }),
    );
    const discover = (settings: string) =>
      discoverEngines({
        env: { HOME: root },
        dockerConfigDir: docker,
        podmanConfigDir: podman,
        podman: noPodman,
        settings,
      });

    const picked = await discover('podman:twin,a,lab=tcp://a.example,x=ssh://u@lab,missing,twin');
    expect(picked.engines.map((e) => [e.name, e.kind, e.origin])).toEqual([
      ['twin', 'podman', 'podman-connection'],
      ['a', 'docker', 'docker-context'], // the URL is engine "a" already: listed once
      ['x', 'docker', 'env'],
    ]);
    expect(picked.engines[2]?.endpoint.ssh).toMatchObject({ user: 'u', host: 'lab' });
    expect(picked.problems).toEqual([
      expect.stringContaining('FOOTPRINT_ENGINES names "missing", which is no docker context'),
      expect.stringContaining('write docker:twin or podman:twin'),
    ]);
    await expect(discover('a,,b')).rejects.toThrow(EngineSettingsError);
  });
});

describe('watchEngineSources', () => {
  it('sees a docker context, a Podman connection and a Podman socket appear', async () => {
    const options = {
      env: { HOME: root },
      dockerConfigDir: join(root, 'docker'),
      podmanConfigDir: join(root, 'containers'),
      podman: {
        systemConfigPaths: [],
        sockets: [{ name: 'podman', path: join(root, 'run', 'podman.sock') }],
      },
    };
    let waiting: { names: string[]; done: () => void } | null = null;
    const until = (names: string[]) => new Promise<void>((done) => (waiting = { names, done }));
    const watcher = watchEngineSources(
      options,
      async () => {
        const names = (await discoverEngines(options)).engines.map((e) => e.name);
        if (waiting?.names.every((name) => names.includes(name))) waiting.done();
      },
      { debounceMs: 20 },
    );
    try {
      let seen = until(['ctx']);
      await writeContext(options.dockerConfigDir, 'ctx', 'ssh://me@box');
      await seen;
      seen = until(['ctx', 'conn']);
      await mkdir(options.podmanConfigDir);
      await writeFile(
        join(options.podmanConfigDir, 'podman-connections.json'),
        JSON.stringify({ Connection: { Connections: { conn: { URI: 'tcp://127.0.0.1:8888' } } } }),
      );
      await seen;
      seen = until(['ctx', 'conn', 'podman']);
      await mkdir(join(root, 'run'));
      servers.push(await listenOnSocket(join(root, 'run', 'podman.sock')));
      await seen;
    } finally {
      watcher.close();
    }
  });
});
