import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFlagsFor, serverEnvFor } from '../../../scripts/node-flags.mjs';

/**
 * The node flags and environment the server runs with on this Node, as `npm start`, the
 * `docker-footprint` command and the container image run it: scripts/node-flags.mjs says what
 * each is for and on which Node majors it is passed.
 */
export const serverNodeFlags = nodeFlagsFor(process.versions.node);

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
  /** Another build's server bundle, to compare builds; default this tree's server/dist. */
  script?: string;
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
    const args = [...serverNodeFlags, ...(options.nodeArgs ?? []), options.script ?? serverScript];
    const child = spawn(process.execPath, args, {
      env: {
        ...serverEnvFor(process.versions.node, process.env),
        PORT: '0',
        HOST: '127.0.0.1',
        DOCKER_HOST: options.dockerHost,
        // The private engine only, never an engine this machine's contexts or sockets name.
        FOOTPRINT_ENGINES: 'default',
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
