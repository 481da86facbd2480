import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The node flags `npm start` and the container image run the server with (package.json,
 * Dockerfile; a unit test keeps them equal). V8 sizes its heap for throughput on a machine with
 * gigabytes free: a young generation of up to 16 MB semi-spaces, and an old generation let to
 * grow to several times what is alive before a full collection. The server keeps about 60 MB
 * alive at 2,000 images and makes short-lived garbage (parsed engine answers, requests): with
 * the defaults its peak under load was 300 MB. 2 MB semi-spaces, and a full collection once the
 * heap is 30% above what is alive, keep it at 175 to 190 MB. 10% kept it lower still (173 MB)
 * but took 20 full collections to grow to its size at start-up: 0.4 s of a 2.8 s cold start;
 * 40% came within 5 MB of 200 MB under load. The old generation starts at 64 MB, about what
 * the server keeps alive at 2,000 images, so it grows there without a full collection on the
 * way (V8 starts it far lower and collects each time it reaches its limit): 0.2 s of CPU of a
 * cold start, most of it on the main thread; 96 MB took a little more still but put the peak
 * at 197 MB.
 *
 * A start-up runs much of the server a few hundred times (2,000 images, 10,000 scan entries)
 * and then rarely: V8 optimized those functions on threads of its own, 0.3 s of CPU beside the
 * scan's walkers on a 2-core host. With 4 times its default budget before a function is
 * optimized, it spent 0.15 s and the cold start took 3% less; what stays hot (answers under
 * load) is still optimized, just later.
 *
 * V8's memory reducer collects the whole heap, compacting it, about 8 s after the server goes
 * idle: on a 2-core host its marking and compaction threads took both cores for 30 to 50 ms,
 * and the page the user had open beside it (the benchmark's table scroll) dropped a frame in
 * one run out of three. The server's heap limit is already 30% above what it keeps alive, so
 * the reducer gave back 14 MB at most; without it, the server collects only while it works.
 */
export const serverNodeFlags = [
  '--max-semi-space-size=2',
  '--heap-growing-percent=30',
  '--initial-old-space-size=64',
  '--interrupt-budget=262144',
  '--no-memory-reducer',
];

/**
 * The environment `npm start` and the container image add (package.json, Dockerfile). glibc's
 * malloc gives each thread that allocates an arena of its own, up to 8 per core, and keeps what
 * is freed in it: the server's threads (main, V8's 4 platform threads, libuv's 4, the scan
 * workers, started again for each burst of engine events) held 21 to 24 MB in 15 to 18 arenas
 * beside the main one at the peak of a full benchmark, more with each burst. Two arenas in all
 * took that peak from 180 to 171 MB (four runs each), and over four new images and four
 * container writes from 185 to 199 MB to 176 to 179 MB, with the same cold start, refresh times
 * and CPU time.
 */
export const serverEnv = { MALLOC_ARENA_MAX: '2' };

export interface DashboardServerOptions {
  dockerHost: string;
  /** More settings, e.g. FOOTPRINT_READ_ONLY. */
  env?: Record<string, string>;
  /** The session token; default a random one. */
  token?: string;
  /** The server's own files; default a fresh temp dir, removed by stop(). */
  stateDir?: string;
  /** Options for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

const serverScript = fileURLToPath(new URL('../../dist/server.bundle.js', import.meta.url));

/**
 * The built server (npm run build:server), run as a user runs it: node server/dist/server.bundle.js,
 * on a free loopback port, with a state dir of its own so no test or benchmark writes to the
 * user's. End-to-end tests and the benchmark both start it from here.
 */
/** Lines that say the server met a promise or exception nobody handled. */
const faultLine = /unhandled rejection|unhandledPromiseRejection|uncaught exception/i;

export class DashboardServer {
  #output = '';
  readonly #faults: string[] = [];
  #stopping = false;

  private constructor(
    readonly child: ChildProcess,
    readonly stateDir: string,
    readonly ownsStateDir: boolean,
    readonly startedAt: number,
    readonly port: number,
    readonly token: string,
  ) {}

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spawns the server and resolves once it printed its address; `startedAt` is the spawn. */
  static async start(options: DashboardServerOptions): Promise<DashboardServer> {
    const ownsStateDir = options.stateDir === undefined;
    const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'fp-dashboard-state-')));
    const token = options.token ?? randomBytes(24).toString('base64url');
    const startedAt = performance.now();
    const args = [...serverNodeFlags, ...(options.nodeArgs ?? []), serverScript];
    const child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        ...serverEnv,
        PORT: '0',
        HOST: '127.0.0.1',
        DOCKER_HOST: options.dockerHost,
        FOOTPRINT_STATE_DIR: stateDir,
        FOOTPRINT_TOKEN: token,
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const port = await new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /open http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
        if (match) resolve(Number(match[1]));
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`The server exited at start-up (${code ?? signal}):\n${output}`)),
      );
    }).catch(async (error: unknown) => {
      child.kill('SIGKILL');
      if (ownsStateDir) await rm(stateDir, { recursive: true, force: true });
      throw error;
    });
    const server = new DashboardServer(child, stateDir, ownsStateDir, startedAt, port, token);
    server.#output = output;
    child.stdout?.on('data', (chunk: Buffer) => server.#keep(chunk));
    child.stderr?.on('data', (chunk: Buffer) => server.#keep(chunk));
    return server;
  }

  #keep(chunk: Buffer): void {
    const text = chunk.toString('utf8');
    this.#output = (this.#output + text).slice(-20_000);
    for (const line of text.split('\n')) {
      if (faultLine.test(line)) this.#faults.push(line.slice(0, 2000));
    }
  }

  /**
   * What went wrong in the server process while it ran: an unhandled rejection or uncaught
   * exception it reported (main.ts's last resort keeps it up but says so), or its exit before
   * stop(). Tests and the e2e teardown fail on any.
   */
  get faults(): string[] {
    const faults = [...this.#faults];
    const { exitCode, signalCode } = this.child;
    if (!this.#stopping && (exitCode !== null || signalCode !== null)) {
      faults.push(`The server exited while in use (${exitCode ?? signalCode}).`);
    }
    return faults;
  }

  /** What the server printed (the last 20 kB), for error messages. */
  get output(): string {
    return this.#output;
  }

  /** Peak resident memory of the server process so far (VmHWM), in bytes. */
  peakRssBytes(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    if (!match) throw new Error(`No VmHWM in /proc/${this.child.pid}/status`);
    return Number(match[1]) * 1024;
  }

  /**
   * SIGTERM (graceful close, which also writes a --cpu-prof profile), SIGKILL after 10 s. Throws
   * once stopped if the server had faults (see `faults`) or did not close cleanly.
   */
  async stop(): Promise<void> {
    const faults = this.faults;
    this.#stopping = true;
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      if (child.exitCode !== 0)
        faults.push(`The server did not close cleanly (${child.exitCode ?? child.signalCode}).`);
    }
    if (this.ownsStateDir) await rm(this.stateDir, { recursive: true, force: true });
    if (faults.length > 0) {
      throw new Error(`The server process had faults:\n${faults.join('\n')}\n${this.#output}`);
    }
  }
}
