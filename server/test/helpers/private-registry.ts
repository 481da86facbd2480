import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PrivateEngine } from './private-engine.js';
import { makeTestCa, makeTokenSigner } from './registry-certs.js';
import { type TokenServer, startTokenServer } from './registry-token-server.js';

const run = promisify(execFile);

/** Debian's docker-registry package (distribution 2.8), as the README's test set-up installs. */
export const registryBinary = process.env.FOOTPRINT_REGISTRY ?? '/usr/bin/docker-registry';

export interface RegistryAccount {
  user: string;
  password: string;
}

export interface PrivateRegistry {
  /** 127.0.0.1:port */
  host: string;
  storageDir: string;
  configPath: string;
  /** The test CA that signed the registry's certificate (tls: true), else null. */
  caCertPath: string | null;
  /** A certs dir with `<host>/ca.crt`, laid out as /etc/docker/certs.d (tls: true), else null. */
  certsDir: string | null;
  /** Whom the registry (htpasswd) or its token service accepts; null: anonymous. */
  account: RegistryAccount | null;
  /** The token service (tokenAuth: true), with a record of its requests. */
  tokenServer: TokenServer | null;
  /** `docker-registry garbage-collect` on this registry's config; its standard output. */
  garbageCollect(opts: { dryRun: boolean; deleteUntagged: boolean }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A distribution registry on the loopback, its storage and config in a temp dir. `htpasswd`
 * gives Basic auth (bcrypt, as the registry requires); `tokenAuth` puts a token service in
 * front (the account is then the token service's); `tls` serves HTTPS with a test CA.
 */
export async function startRegistry(
  opts: {
    deleteEnabled?: boolean;
    htpasswd?: RegistryAccount;
    tls?: boolean;
    tokenAuth?: boolean;
    /**
     * Headers the registry adds to every answer (its `http.headers`), e.g. Docker Hub's
     * `ratelimit-limit: 100;w=21600` for tests of what a client reads from them.
     */
    headers?: Record<string, string>;
  } = {},
): Promise<PrivateRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'fp-registry-'));
  let child: ChildProcess | null = null;
  let tokenServer: TokenServer | null = null;
  const stop = async () => {
    const pid = child?.pid;
    const running = () => child !== null && child.exitCode === null && child.signalCode === null;
    if (pid !== undefined && running()) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      process.kill(pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (running()) process.kill(pid, 'SIGKILL');
    }
    await tokenServer?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const storageDir = join(dir, 'storage');
    await mkdir(storageDir);
    const config: Record<string, unknown> = {
      version: '0.1',
      log: { level: 'warn', accesslog: { disabled: true } },
      storage: {
        filesystem: { rootdirectory: storageDir },
        delete: { enabled: opts.deleteEnabled ?? false },
        // Upload purging runs at start and deletes nothing the tests need; off keeps it quiet.
        maintenance: { uploadpurging: { enabled: false } },
      },
      http: {
        addr: host,
        headers: {
          'X-Content-Type-Options': ['nosniff'],
          ...Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k, [v]])),
        },
      },
    };
    let account: RegistryAccount | null = null;
    let caCertPath: string | null = null;
    let certsDir: string | null = null;
    if (opts.tls === true) {
      const ca = await makeTestCa(dir);
      caCertPath = ca.caCertPath;
      (config.http as Record<string, unknown>).tls = {
        certificate: ca.serverCertPath,
        key: ca.serverKeyPath,
      };
      certsDir = join(dir, 'certs.d');
      await mkdir(join(certsDir, host), { recursive: true });
      await writeFile(join(certsDir, host, 'ca.crt'), readFileSync(ca.caCertPath));
    }
    if (opts.tokenAuth === true) {
      account = opts.htpasswd ?? { user: 'token-user', password: 'token-password' };
      const signer = await makeTokenSigner(dir);
      tokenServer = await startTokenServer({ signer, ...account });
      config.auth = {
        token: {
          realm: tokenServer.realm,
          service: tokenServer.service,
          issuer: tokenServer.issuer,
          rootcertbundle: signer.certPath,
        },
      };
    } else if (opts.htpasswd !== undefined) {
      account = opts.htpasswd;
      const { stdout } = await run('htpasswd', ['-Bbn', account.user, account.password]);
      const file = join(dir, 'htpasswd');
      await writeFile(file, stdout.trim() + '\n');
      config.auth = { htpasswd: { realm: 'footprint-test', path: file } };
    }
    // YAML is a superset of JSON: the registry reads this file as its config.yml.
    const configPath = join(dir, 'config.yml');
    await writeFile(configPath, JSON.stringify(config, null, 2));
    const logFile = join(dir, 'registry.log');
    const log = openSync(logFile, 'a');
    child = spawn(registryBinary, ['serve', configPath], { stdio: ['ignore', log, log] });
    const started = child;
    const exited = new Promise<never>((_, reject) => {
      started.once('exit', (code) =>
        reject(new Error(`docker-registry exited (${code}):\n${tail(logFile)}`)),
      );
      started.once('error', reject);
    });
    exited.catch(() => {});
    await Promise.race([waitForPort(port, 30_000, logFile), exited]);
    return {
      host,
      storageDir,
      configPath,
      caCertPath,
      certsDir,
      account,
      tokenServer,
      garbageCollect: async ({ dryRun, deleteUntagged }) => {
        const args = ['garbage-collect'];
        if (dryRun) args.push('--dry-run');
        if (deleteUntagged) args.push('--delete-untagged');
        const { stdout } = await run(registryBinary, [...args, configPath], {
          maxBuffer: 16 << 20,
        });
        return stdout;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Tags `localImage` as `<registry>/<repoTag>` and pushes it with the private engine's CLI,
 * logged in (in `dockerConfigDir`, else a temp one) when the registry has an account; the tag
 * is removed again so the engine's image list stays as the other tests expect it. Returns the
 * manifest digest and size `docker push` printed.
 */
export async function pushFixture(
  engine: PrivateEngine,
  registry: PrivateRegistry,
  localImage: string,
  repoTag: string,
  dockerConfigDir?: string,
): Promise<{ digest: string; size: number }> {
  const configDir = dockerConfigDir ?? (await mkdtemp(join(tmpdir(), 'fp-docker-config-')));
  const target = `${registry.host}/${repoTag}`;
  try {
    if (registry.account !== null) {
      await engine.docker(
        [
          '--config',
          configDir,
          'login',
          '-u',
          registry.account.user,
          '--password-stdin',
          registry.host,
        ],
        { input: Buffer.from(registry.account.password) },
      );
    }
    await engine.docker(['tag', localImage, target]);
    const out = await engine.docker(['--config', configDir, 'push', target]);
    // The CLI's last line: "<tag>: digest: sha256:<hex> size: <bytes>".
    const match = /digest: (sha256:[0-9a-f]{64}) size: (\d+)/.exec(out);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new Error(`docker push ${target} printed no digest:\n${out}`);
    }
    return { digest: match[1], size: Number(match[2]) };
  } finally {
    await engine.docker(['rmi', target]).catch(() => '');
    if (dockerConfigDir === undefined) await rm(configDir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `docker-registry did not listen on ${port} within ${timeoutMs} ms:\n${tail(logFile)}`,
  );
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
