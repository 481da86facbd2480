import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureSpecs, stoppedContainerRun } from './fixtures.js';
import { type BuiltImage, type ImageSpec, imageArchive } from './image-archive.js';
import { PrivateDaemon, runCli } from './private-daemon.js';

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
export class PrivatePodman extends PrivateDaemon {
  readonly graphRoot: string;
  readonly runRoot: string;
  readonly tmpDir: string;
  readonly containersConf: string;
  readonly storageConf: string;

  private constructor(dir: string) {
    // Unix socket paths are limited to 107 bytes: the dir is a short mkdtemp under /tmp.
    super(dir, join(dir, 'podman.sock'), join(dir, 'service.log'), join(dir, 'service.pid'));
    this.graphRoot = join(dir, 'root');
    this.runRoot = join(dir, 'runroot');
    this.tmpDir = join(dir, 'tmp');
    this.containersConf = join(dir, 'containers.conf');
    this.storageConf = join(dir, 'storage.conf');
  }

  get state(): PrivatePodmanState {
    return { dir: this.dir };
  }

  /** Writes the private config, starts `podman system service` and waits until it answers. */
  static async start(): Promise<PrivatePodman> {
    const podman = new PrivatePodman(await mkdtemp(join(tmpdir(), 'fp-podman-')));
    await podman.startOrDestroy(async () => {
      await podman.#writeConfig();
      await podman.startService();
    });
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
    const child = await this.spawnDaemon(
      'podman system service',
      podmanBinary,
      [...this.globalFlags, 'system', 'service', '--time=0', this.dockerHost],
      this.env,
    );
    // Podman writes no pidfile of its own: a later handle (attach()) stops it by this one.
    await writeFile(this.pidFile, `${child.pid ?? ''}\n`);
  }

  /** Stops the service (SIGTERM, then SIGKILL after 20 s) and waits until it is gone. */
  stopService(): Promise<void> {
    return this.stopDaemonProcess(20_000);
  }

  /**
   * Removes every container (their conmon processes would outlive the service), stops the
   * service, unmounts what Podman left mounted under the dir and removes every file it had.
   */
  async destroy(): Promise<void> {
    if (existsSync(this.containersConf))
      await this.podman(['rm', '--all', '--force', '--time', '0']).catch(() => '');
    await this.stopService().catch(() => {});
    await this.removeDir();
  }

  /** Runs the podman CLI on this instance's storage (beside the service, as Podman allows). */
  podman(args: string[], options: { input?: Buffer } = {}): Promise<string> {
    return runCli(podmanBinary, [...this.globalFlags, ...args], {
      env: this.env,
      input: options.input,
      label: `podman ${args.join(' ')}`,
    });
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
  await podman.podman(
    stoppedContainerRun(
      'echo added > /added.txt && rm /etc/deleted-later && dd if=/dev/zero of=/tmp/blob bs=1000 count=64 2>/dev/null',
    ),
  );
  const stoppedContainerId = (
    await podman.podman(['inspect', '--format', '{{.Id}}', 'footprint-stopped'])
  ).trim();
  return { images, stoppedContainerId };
}
