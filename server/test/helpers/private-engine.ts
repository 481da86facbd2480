import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { PrivateDaemon, runCli } from './private-daemon.js';

const run = promisify(execFile);

/** dockerd and the docker CLI that tests use: Debian's docker.io unless told otherwise. */
export const dockerdBinary =
  process.env.FOOTPRINT_DOCKERD ??
  firstExisting(['/usr/sbin/dockerd', '/usr/bin/dockerd']) ??
  'dockerd';
export const dockerCliBinary =
  process.env.FOOTPRINT_DOCKER_CLI ?? firstExisting(['/usr/bin/docker']) ?? 'docker';

function firstExisting(paths: string[]): string | undefined {
  return paths.find((path) => existsSync(path));
}

export interface PrivateEngineState {
  dir: string;
  socketPath: string;
  dataRoot: string;
  namespace: string;
}

/**
 * A Docker daemon of the tests' own: its data root, exec root, pidfile and unix socket all live
 * in one temp dir, no bridge network, its own containerd namespaces. Tests that remove and prune
 * act on it, never on the daemon at /var/run/docker.sock.
 */
export class PrivateEngine extends PrivateDaemon implements PrivateEngineState {
  readonly dataRoot: string;
  readonly execRoot: string;
  /** More dockerd flags (a TLS tcp --host), kept for restarts of this handle; not by attach(). */
  #daemonArgs: string[] = [];

  private constructor(
    dir: string,
    readonly namespace: string,
  ) {
    // Unix socket paths are limited to 107 bytes: keep the dir short (mkdtemp under /tmp).
    super(dir, join(dir, 'docker.sock'), join(dir, 'dockerd.log'), join(dir, 'dockerd.pid'));
    this.dataRoot = join(dir, 'root');
    this.execRoot = join(dir, 'exec');
  }

  get state(): PrivateEngineState {
    return {
      dir: this.dir,
      socketPath: this.socketPath,
      dataRoot: this.dataRoot,
      namespace: this.namespace,
    };
  }

  /**
   * `storageDriver` goes into the daemon's own config file, so a restart keeps it: overlay2 by
   * default; vfs shows the dashboard on a backend it does not measure.
   */
  static async start(
    options: { storageDriver?: string; daemonArgs?: string[] } = {},
  ): Promise<PrivateEngine> {
    const dir = await mkdtemp(join(tmpdir(), 'fp-engine-'));
    const engine = new PrivateEngine(dir, `footprint-${process.pid}-${Date.now().toString(36)}`);
    engine.#daemonArgs = options.daemonArgs ?? [];
    const config = { 'storage-driver': options.storageDriver ?? 'overlay2' };
    await writeFile(join(dir, 'daemon.json'), `${JSON.stringify(config)}\n`);
    await mkdir(engine.dataRoot);
    await engine.startOrDestroy(() => engine.startDaemon());
    return engine;
  }

  /**
   * An engine in a directory that outlives it (the bench's --engine-dir): created on first use,
   * started again on the same data root later. stopDaemon() keeps it; destroy() removes it.
   */
  static async openKept(dir: string): Promise<PrivateEngine> {
    const engine = new PrivateEngine(dir, `footprint-kept-${basename(dir)}`);
    await mkdir(engine.dataRoot, { recursive: true });
    if (!existsSync(join(dir, 'daemon.json')))
      await writeFile(
        join(dir, 'daemon.json'),
        `${JSON.stringify({ 'storage-driver': 'overlay2' })}\n`,
      );
    await engine.startDaemon();
    return engine;
  }

  /** Re-attaches to an engine another process started (Playwright's global setup, say). */
  static attach(state: PrivateEngineState): PrivateEngine {
    return new PrivateEngine(state.dir, state.namespace);
  }

  /** Starts dockerd on the same directories (again, after stop()). Resolves once it answers. */
  async startDaemon(): Promise<void> {
    await this.spawnDaemon('dockerd', dockerdBinary, [
      `--config-file=${join(this.dir, 'daemon.json')}`,
      `--data-root=${this.dataRoot}`,
      `--exec-root=${this.execRoot}`,
      `--pidfile=${this.pidFile}`,
      `--host=${this.dockerHost}`,
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false',
      '--ip-masq=false',
      `--containerd-namespace=${this.namespace}`,
      `--containerd-plugins-namespace=${this.namespace}-plugins`,
      '--log-level=warn',
      ...this.#daemonArgs,
    ]);
  }

  /** Stops the daemon (SIGTERM, then SIGKILL after 30 s) and waits until it is gone. */
  stopDaemon(): Promise<void> {
    return this.stopDaemonProcess(30_000);
  }

  /** Stops the daemon, unmounts whatever it left mounted, and removes every file it had. */
  async destroy(): Promise<void> {
    await this.stopDaemon().catch(() => {});
    await this.removeDir();
  }

  /**
   * Runs the docker CLI against this engine; `docker build` with BuildKit unless `legacyBuilder`
   * (Debian's engine 20.10 builds with the legacy builder by default).
   */
  async docker(
    args: string[],
    options: { input?: Buffer; legacyBuilder?: boolean } = {},
  ): Promise<string> {
    const env = {
      ...process.env,
      DOCKER_HOST: this.dockerHost,
      DOCKER_BUILDKIT: options.legacyBuilder === true ? '0' : '1',
    };
    if (options.input === undefined) {
      const { stdout } = await run(dockerCliBinary, args, { env, maxBuffer: 64 << 20 });
      return stdout;
    }
    return runCli(dockerCliBinary, args, {
      env,
      input: options.input,
      label: `docker ${args.join(' ')}`,
    });
  }
}
