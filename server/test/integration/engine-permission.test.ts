import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateEngine, testToken } from './context.js';
import { rawRequest } from './raw-http.js';

/*
 * The server as a user without access to the engine's socket runs it: the real entry point
 * (server/src/server.ts, as `npm run dev` runs it) under setpriv as nobody, against the private
 * engine's socket, which only root may open. Its XDG_RUNTIME_DIR holds two sockets nobody may
 * open: one forwards to the private engine, as a rootless engine's would answer; the other
 * stands for Podman's.
 */

const nobody = 65534;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const entry = join(repoRoot, 'server', 'src', 'server.ts');
const asRoot = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

async function startAsNobody(env: Record<string, string>): Promise<Running> {
  const child = spawn(
    '/usr/bin/setpriv',
    [`--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups', '--', process.execPath].concat([
      '--conditions=source',
      '--import',
      'tsx',
      entry,
    ]),
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        FOOTPRINT_TOKEN: testToken,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /open http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`The server exited at start-up (${code ?? signal}):\n${output}`)),
    );
  });
  return { child, port, output: () => output };
}

async function stop({ child }: Running): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function listenOn(path: string, onConnection: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(onConnection);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

const get = (server: Running, path: string) =>
  rawRequest(server.port, { path, headers: { Host: `127.0.0.1:${server.port}` } });

interface HealthBody {
  status: string;
  engine: { reachable: boolean; message: string | null };
}

describe.skipIf(!asRoot)('an engine socket this user may not open', () => {
  const engine = privateEngine();
  const dirs: string[] = [];
  const sockets: Server[] = [];
  const servers: Running[] = [];
  let runtimeDir = '';
  let refused: Running;

  beforeAll(async () => {
    const ownedByNobody = async (prefix: string) => {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      dirs.push(dir);
      await chown(dir, nobody, nobody);
      return dir;
    };
    runtimeDir = await ownedByNobody('fp-xdg-');
    await chmod(runtimeDir, 0o700);
    const stateDir = await ownedByNobody('fp-state-');

    // This process is root, so it may forward to the private engine for the user it starts.
    const rootless = join(runtimeDir, 'docker.sock');
    sockets.push(
      await listenOn(rootless, (client) => {
        const upstream = connect(engine.socketPath);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.pipe(upstream).pipe(client);
      }),
    );
    await mkdir(join(runtimeDir, 'podman'));
    const podman = join(runtimeDir, 'podman', 'podman.sock');
    sockets.push(await listenOn(podman, (client) => client.destroy()));
    for (const path of [join(runtimeDir, 'podman'), rootless, podman]) {
      await chown(path, nobody, nobody);
    }

    refused = await startAsNobody({
      DOCKER_HOST: engine.dockerHost,
      XDG_RUNTIME_DIR: runtimeDir,
      FOOTPRINT_STATE_DIR: stateDir,
    });
    servers.push(refused);
  });

  afterAll(async () => {
    for (const server of servers) await stop(server);
    for (const socket of sockets) await new Promise((resolve) => socket.close(resolve));
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('says in /api/health how to get in: the docker group, or the sockets this user may use', async () => {
    const response = await get(refused, '/api/health');
    expect(response.status, refused.output()).toBe(200);
    const health = response.json<HealthBody>();
    expect(health.status).toBe('engine-unreachable');
    expect(health.engine.reachable).toBe(false);
    const message = health.engine.message ?? '';
    expect(message).toContain(`Permission denied on ${engine.socketPath}`);
    expect(message).toContain('docker group (sudo usermod -aG docker $USER, then log in again)');
    expect(message).toContain(
      `A rootless Docker socket is at ${runtimeDir}/docker.sock: ` +
        `DOCKER_HOST=unix://${runtimeDir}/docker.sock.`,
    );
    expect(message).toContain(
      `A rootless Podman socket is at ${runtimeDir}/podman/podman.sock: ` +
        `DOCKER_HOST=unix://${runtimeDir}/podman/podman.sock.`,
    );
  });

  it('answers the engine’s routes 503 with the same advice, and stays up', async () => {
    const images = await get(refused, '/api/images');
    expect(images.status).toBe(503);
    expect(images.json()).toMatchObject({ code: 'ENGINE_UNREACHABLE' });
    expect(images.json<{ message: string }>().message).toContain('usermod -aG docker');
    const again = await get(refused, '/api/health');
    expect(again.status).toBe(200);
    expect(refused.child.exitCode).toBeNull();
  });

  it('reaches the engine through the socket the message names', async () => {
    const health = (await get(refused, '/api/health')).json<HealthBody>();
    const named = /A rootless Docker socket is at \S+: DOCKER_HOST=(unix:\/\/\S+)\./.exec(
      health.engine.message ?? '',
    );
    expect(named).not.toBeNull();
    const stateDir = await mkdtemp(join(tmpdir(), 'fp-state-'));
    dirs.push(stateDir);
    await chown(stateDir, nobody, nobody);
    const advised = await startAsNobody({
      DOCKER_HOST: named?.[1] ?? '',
      XDG_RUNTIME_DIR: runtimeDir,
      FOOTPRINT_STATE_DIR: stateDir,
    });
    servers.push(advised);
    const response = (await get(advised, '/api/health')).json<HealthBody>();
    expect(response.engine, advised.output()).toMatchObject({ reachable: true, message: null });
  });
});
