import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { promisify } from 'node:util';

/*
 * What the tests' private daemons (dockerd in private-engine.ts, Podman's service in
 * private-podman.ts) have in common: the base class of both.
 */

const run = promisify(execFile);

/**
 * A daemon of the tests' own in one temp dir: started detached with its output appended to
 * `logFile`, reached on its unix socket, found again by the pid in `pidFile` (a handle that
 * attach()ed, or one whose start failed, can still stop it), and removed with its dir.
 */
export abstract class PrivateDaemon {
  #child: ChildProcess | null = null;

  protected constructor(
    readonly dir: string,
    readonly socketPath: string,
    readonly logFile: string,
    readonly pidFile: string,
  ) {}

  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  /** Stops the daemon and removes its dir with whatever it left mounted there. */
  abstract destroy(): Promise<void>;

  /** Runs `start`; when it fails, the daemon is destroyed before the error is thrown on. */
  protected async startOrDestroy(start: () => Promise<void>): Promise<void> {
    try {
      await start();
    } catch (error) {
      await this.destroy();
      throw error;
    }
  }

  /**
   * Spawns the daemon and resolves once its socket answers /_ping (60 s at most); rejects with
   * its log's tail if it exits first. The child is unref'd: the daemon outlives a test process
   * that restarted it. `name` is how errors call it ("dockerd").
   */
  protected async spawnDaemon(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<ChildProcess> {
    const log = openSync(this.logFile, 'a');
    const child = spawn(command, args, { stdio: ['ignore', log, log], env, detached: true });
    this.#child = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) =>
        reject(
          new Error(
            `${name} exited early (${code ?? signal}); see ${this.logFile}:\n${this.logTail()}`,
          ),
        ),
      );
      child.once('error', reject);
    });
    exited.catch(() => {});
    const timeoutMs = 60_000;
    const ready = async () => {
      if (!(await waitFor(() => this.ping(), timeoutMs)))
        throw new Error(`${name} did not answer within ${timeoutMs} ms:\n${this.logTail()}`);
    };
    await Promise.race([ready(), exited]);
    child.unref();
    return child;
  }

  /** Stops the daemon: SIGTERM, SIGKILL after `graceMs`, and waits until it is gone. */
  protected async stopDaemonProcess(graceMs: number): Promise<void> {
    // The pidfile first: another handle on this daemon (a test's attach()) may have restarted
    // it, and then the child this handle started is long gone.
    const pid = readPidFile(this.pidFile) ?? this.#child?.pid;
    this.#child = null;
    if (pid === undefined || !isAlive(pid)) return;
    process.kill(pid, 'SIGTERM');
    if (!(await waitFor(() => !isAlive(pid), graceMs))) {
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !isAlive(pid), 10_000);
    }
  }

  /** Unmounts whatever the stopped daemon left mounted under its dir, then removes the dir. */
  protected async removeDir(): Promise<void> {
    for (const mountPoint of mountsUnder(this.dir)) {
      await run('umount', ['-l', mountPoint]).catch(() => {});
    }
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** GET on the daemon's own API, bypassing all of this project's code: the reference figures. */
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

  /** Whether the daemon answers /_ping with 200 within 2 s. */
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

  /** The last 20 lines of the daemon's log, for an error message. */
  logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

/**
 * Runs a CLI with `input` on its stdin (closed without one) and resolves with its stdout;
 * rejects with `label` and its stderr.
 */
export function runCli(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: Buffer; label: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { env: options.env, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${options.label}: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(options.input);
  });
}

function readPidFile(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Mount points below dir, deepest first (overlay mounts of containers, shm, netns files). */
export function mountsUnder(dir: string): string[] {
  const mountInfo = readFileSync('/proc/self/mountinfo', 'utf8');
  return mountInfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point?.startsWith(`${dir}/`) === true)
    .map((point) => point.replace(/\\040/g, ' '))
    .sort((a, b) => b.length - a.length);
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
