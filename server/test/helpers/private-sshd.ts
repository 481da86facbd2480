import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EngineEndpoint, parseEndpoint } from '../../src/engines/engine-source.js';
import { freePort } from './tls-engine.js';

const run = promisify(execFile);

export const sshdBinary = process.env.FOOTPRINT_SSHD ?? '/usr/sbin/sshd';

/**
 * Debian's OpenSSH server of the tests' own, on 127.0.0.1:<free port>: its own host key, config,
 * pid file and authorized_keys in one temp dir, a key pair made for the test, and `SetEnv
 * DOCKER_HOST` so the `docker system dial-stdio` an ssh engine runs there reaches the private
 * daemon given (not the machine's). Logins are root's (the tests run as root), by key only.
 */
export class PrivateSshd {
  #process: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
    /** The client's private key (ed25519, no passphrase) and its authorized public half. */
    readonly identityPath: string,
    readonly hostPublicKey: string,
    readonly logFile: string,
  ) {}

  /** `dockerHost`: where the remote docker CLI (dial-stdio) goes, as sshd_config SetEnv. */
  static async start(options: { dockerHost: string }): Promise<PrivateSshd> {
    const dir = await mkdtemp(join(tmpdir(), 'fp-sshd-'));
    try {
      const hostKey = join(dir, 'host_ed25519');
      const identityPath = join(dir, 'client_ed25519');
      await keygen(hostKey, 'docker-footprint test host');
      await keygen(identityPath, 'docker-footprint test client');
      await writeFile(join(dir, 'authorized_keys'), await readFile(`${identityPath}.pub`));
      const port = await freePort();
      const config = [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        // The temp dir is under /tmp (world-writable): sshd's ownership checks would refuse it.
        'StrictModes no',
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'AllowTcpForwarding yes',
        'AllowStreamLocalForwarding yes',
        `SetEnv DOCKER_HOST=${options.dockerHost}`,
        'LogLevel VERBOSE',
        '',
      ].join('\n');
      await writeFile(join(dir, 'sshd_config'), config);
      // sshd's privilege separation directory (Debian's ssh.service makes it at boot).
      await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
      const hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim();
      const sshd = new PrivateSshd(dir, port, identityPath, hostPublicKey, join(dir, 'sshd.log'));
      await sshd.#start();
      return sshd;
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  async #start(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const child = spawn(sshdBinary, ['-D', '-e', '-f', join(this.dir, 'sshd_config')], {
      stdio: ['ignore', log, log],
    });
    this.#process = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) =>
        reject(new Error(`sshd exited early (${code ?? signal}):\n${this.logTail()}`)),
      );
      child.once('error', reject);
    });
    exited.catch(() => {});
    await Promise.race([this.#waitUntilListening(20_000), exited]);
  }

  async #waitUntilListening(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await accepts(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`sshd did not listen on 127.0.0.1:${this.port}:\n${this.logTail()}`);
  }

  /** ssh://root@127.0.0.1:<port>, with this test's key as the identity. */
  get address(): string {
    return `ssh://root@127.0.0.1:${this.port}`;
  }

  endpoint(options: { identity?: string; socketPath?: string } = {}): EngineEndpoint {
    const url = `${this.address}${options.socketPath ?? ''}`;
    return parseEndpoint(url, null, options.identity ?? this.identityPath);
  }

  /** A known_hosts file listing this server's host key, as ssh writes it (plain or hashed). */
  async writeKnownHosts(path: string, options: { hashed?: boolean } = {}): Promise<string> {
    const [type, key] = this.hostPublicKey.split(' ');
    await writeFile(path, `[127.0.0.1]:${this.port} ${type} ${key}\n`);
    // ssh-keygen -H hashes every host name in place, as HashKnownHosts does (OpenSSH's own code).
    if (options.hashed === true) await run('ssh-keygen', ['-H', '-f', path]);
    return path;
  }

  logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async destroy(): Promise<void> {
    const child = this.#process;
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    this.#process = null;
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function keygen(path: string, comment: string): Promise<void> {
  if (existsSync(path)) return;
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
}

/** A fresh ed25519 key pair in `dir` (a stranger's key, another host's key): path and public line. */
export async function makeKeyPair(
  dir: string,
  name: string,
): Promise<{ path: string; publicKey: string }> {
  const path = join(dir, name);
  await keygen(path, `docker-footprint test ${name}`);
  return { path, publicKey: (await readFile(`${path}.pub`, 'utf8')).trim() };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
