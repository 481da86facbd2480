import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtureSpecs, repo } from './fixtures.js';
import { type BuiltImage, type ImageSpec, imageArchive } from './image-archive.js';
import { mountsUnder } from './private-engine.js';

const run = promisify(execFile);

/** Debian's podman (4.3 on bookworm) unless told otherwise. */
export const podmanBinary =
  process.env.FOOTPRINT_PODMAN ??
  ['/usr/bin/podman', '/usr/local/bin/podman'].find((path) => existsSync(path)) ??
  'podman';

export interface PrivatePodmanState {
  dir: string;
}

/*
 * A rootful Podman of the tests' own, never the machine's: storage (graphroot, runroot), the
 * libpod database and volumes (static_dir and volume_path under the graphroot), tmp_dir, the
 * events log, the CNI network config dir and the container locks all live in one temp dir.
 * Locks: Podman's default lock_type "shm" is one segment per machine (/libpod_lock), and a
 * service that finds its tmp_dir fresh frees every lock in it (libpod's refresh after a boot),
 * so two test runs at once would hand out each other's locks; "file" keeps them in tmp_dir.
 * CONTAINERS_CONF and CONTAINERS_STORAGE_CONF make Podman read only these two files, so nothing
 * of /etc/containers or /usr/share/containers decides where it writes. One thing stays the
 * machine's: rootful containers/image keeps its blob-info cache (which compressed digest is which
 * diff; no image data) in /var/lib/containers/cache/blob-info-cache-v1.boltdb, with no setting
 * to move it; a bolt file with its own lock, which concurrent runs share safely.
 */
export class PrivatePodman {
  readonly graphRoot: string;
  readonly runRoot: string;
  readonly tmpDir: string;
  readonly socketPath: string;
  readonly logFile: string;
  readonly containersConf: string;
  readonly storageConf: string;
  #service: ChildProcess | null = null;

  private constructor(readonly dir: string) {
    // Unix socket paths are limited to 107 bytes: the dir is a short mkdtemp under /tmp.
    this.graphRoot = join(dir, 'root');
    this.runRoot = join(dir, 'runroot');
    this.tmpDir = join(dir, 'tmp');
    this.socketPath = join(dir, 'podman.sock');
    this.logFile = join(dir, 'service.log');
    this.containersConf = join(dir, 'containers.conf');
    this.storageConf = join(dir, 'storage.conf');
  }

  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  get state(): PrivatePodmanState {
    return { dir: this.dir };
  }

  /** Writes the private config, starts `podman system service` and waits until it answers. */
  static async start(): Promise<PrivatePodman> {
    const podman = new PrivatePodman(await mkdtemp(join(tmpdir(), 'fp-podman-')));
    try {
      await podman.#writeConfig();
      await podman.startService();
    } catch (error) {
      await podman.destroy();
      throw error;
    }
    return podman;
  }

  /** Re-attaches to a Podman another process started (a global setup, say). */
  static attach(state: PrivatePodmanState): PrivatePodman {
    return new PrivatePodman(state.dir);
  }

  async #writeConfig(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    await mkdir(join(this.dir, 'net'), { recursive: true });
    const quoted = (path: string) => JSON.stringify(path);
    await writeFile(
      this.containersConf,
      [
        // Rootful Podman raises a container's open-file and process limits to 1048576 and
        // 4194304 when no limit is configured, which a machine without CAP_SYS_RESOURCE (a CI
        // container, this one) refuses: runc fails with "error setting rlimit type 7" (nofile),
        // then type 6 (nproc). The busybox fixtures need far less than these.
        '[containers]',
        'default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]',
        '[network]',
        `network_config_dir = ${quoted(join(this.dir, 'net'))}`,
        '[engine]',
        'cgroup_manager = "cgroupfs"',
        'events_logger = "file"',
        `events_logfile_path = ${quoted(join(this.dir, 'events.log'))}`,
        `tmp_dir = ${quoted(this.tmpDir)}`,
        `static_dir = ${quoted(join(this.graphRoot, 'libpod'))}`,
        `volume_path = ${quoted(join(this.graphRoot, 'volumes'))}`,
        `image_copy_tmp_dir = ${quoted(this.tmpDir)}`,
        'lock_type = "file"',
        '',
      ].join('\n'),
    );
    await writeFile(
      this.storageConf,
      [
        '[storage]',
        'driver = "overlay"',
        `graphroot = ${quoted(this.graphRoot)}`,
        `runroot = ${quoted(this.runRoot)}`,
        '',
      ].join('\n'),
    );
  }

  /** The environment every podman process of this instance runs with. */
  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      CONTAINERS_CONF: this.containersConf,
      CONTAINERS_STORAGE_CONF: this.storageConf,
      // Podman's image copies and the CLI's own temp files stay in the private dir too.
      TMPDIR: this.tmpDir,
    };
  }

  /** The global flags, so the command line alone also names the private storage. */
  get globalFlags(): string[] {
    return [
      '--root',
      this.graphRoot,
      '--runroot',
      this.runRoot,
      '--storage-driver',
      'overlay',
      '--cgroup-manager',
      'cgroupfs',
      '--events-backend',
      'file',
      '--tmpdir',
      this.tmpDir,
    ];
  }

  /** Starts the Docker-compatible service on the private socket (again, after stopService()). */
  async startService(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const child = spawn(
      podmanBinary,
      [...this.globalFlags, 'system', 'service', '--time=0', this.dockerHost],
      { stdio: ['ignore', log, log], env: this.env, detached: true },
    );
    this.#service = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) =>
        reject(
          new Error(`podman system service exited early (${code ?? signal}):\n${this.logTail()}`),
        ),
      );
      child.once('error', reject);
    });
    exited.catch(() => {});
    await Promise.race([this.#waitUntilReady(60_000), exited]);
    await writeFile(join(this.dir, 'service.pid'), `${child.pid ?? ''}\n`);
    child.unref();
  }

  /** Stops the service (SIGTERM, then SIGKILL after 20 s) and waits until it is gone. */
  async stopService(): Promise<void> {
    const pid = this.#readPid() ?? this.#service?.pid;
    this.#service = null;
    if (pid === undefined || !isAlive(pid)) return;
    process.kill(pid, 'SIGTERM');
    if (!(await waitFor(() => !isAlive(pid), 20_000))) {
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !isAlive(pid), 10_000);
    }
  }

  /**
   * Removes every container (their conmon processes would outlive the service), stops the
   * service, unmounts what Podman left mounted under the dir and removes every file it had.
   */
  async destroy(): Promise<void> {
    if (existsSync(this.containersConf))
      await this.podman(['rm', '--all', '--force', '--time', '0']).catch(() => '');
    await this.stopService().catch(() => {});
    for (const mountPoint of mountsUnder(this.dir)) {
      await run('umount', ['-l', mountPoint]).catch(() => {});
    }
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Runs the podman CLI on this instance's storage (beside the service, as Podman allows). */
  podman(args: string[], options: { input?: Buffer } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        podmanBinary,
        [...this.globalFlags, ...args],
        { env: this.env, maxBuffer: 64 << 20 },
        (error, stdout, stderr) =>
          error
            ? reject(new Error(`podman ${args.join(' ')}: ${stderr || error.message}`))
            : resolve(stdout),
      );
      child.stdin?.end(options.input);
    });
  }

  /** GET on the service's own API, bypassing all of this project's code: reference figures. */
  api<T>(path: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = request({ socketPath: this.socketPath, path, method: 'GET' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300)
            reject(new Error(`${path}: ${res.statusCode} ${body}`));
          else resolve(JSON.parse(body) as T);
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const req = request({ socketPath: this.socketPath, path: '/_ping', timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => {
        req.destroy();
        resolve(false);
      });
      req.end();
    });
  }

  async #waitUntilReady(timeoutMs: number): Promise<void> {
    if (!(await waitFor(() => this.ping(), timeoutMs)))
      throw new Error(`podman did not answer within ${timeoutMs} ms:\n${this.logTail()}`);
  }

  logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  }

  #readPid(): number | undefined {
    try {
      return Number(readFileSync(join(this.dir, 'service.pid'), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  }
}

/** Loads one `docker save` archive of the given images with `podman load`. */
export async function loadPodmanImages(
  podman: PrivatePodman,
  specs: ImageSpec[],
): Promise<BuiltImage[]> {
  const { archive, images } = await imageArchive(specs);
  await podman.podman(['load'], { input: archive });
  return images;
}

export interface PodmanFixtures {
  images: Record<
    'baseAlpha' | 'baseBeta' | 'appOne' | 'appTwo' | 'appOnBeta' | 'busybox',
    BuiltImage
  >;
  /** A stopped container of the busybox image that wrote 64,000 bytes to its writable layer. */
  stoppedContainerId: string;
}

/**
 * The standard fixture images (bases shared, the same diff on two bases, whiteouts, hard links,
 * odd names, an image with three tags) and a stopped container that wrote to its layer. No
 * BuildKit build: Podman builds with buildah, which the Docker fixtures' build cache is not.
 */
export async function loadPodmanFixtures(podman: PrivatePodman): Promise<PodmanFixtures> {
  const names = ['baseAlpha', 'baseBeta', 'appOne', 'appTwo', 'appOnBeta', 'busybox'] as const;
  const loaded = await loadPodmanImages(
    podman,
    names.map((name) => fixtureSpecs[name]),
  );
  const images = Object.fromEntries(names.map((name, index) => [name, loaded[index]])) as Record<
    (typeof names)[number],
    BuiltImage
  >;
  await podman.podman([
    'run',
    '--name',
    'footprint-stopped',
    '--network',
    'none',
    `${repo}/busybox:1`,
    'sh',
    '-c',
    'echo added > /added.txt && rm /etc/deleted-later && dd if=/dev/zero of=/tmp/blob bs=1000 count=64 2>/dev/null',
  ]);
  const stoppedContainerId = (
    await podman.podman(['inspect', '--format', '{{.Id}}', 'footprint-stopped'])
  ).trim();
  return { images, stoppedContainerId };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
