import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { promisify } from 'node:util';

/*
 * What the tests' private daemons (dockerd in private-engine.ts, Podman's service in
 * private-podman.ts) have in common: started detached with their output in a log file, reached
 * on their own unix socket, stopped by pid, and their temp dir removed with whatever they left
 * mounted in it.
 */

const run = promisify(execFile);

export interface DaemonStart {
  /** How errors name it: "dockerd", "podman system service". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Where its stdout and stderr are appended, and the tail an error shows. */
  logFile: string;
  socketPath: string;
  /** Called with the child before it answers, so a failed start can still stop it by pid. */
  started?: (child: ChildProcess) => void;
}

/**
 * Spawns the daemon detached and resolves once its socket answers /_ping (60 s at most); rejects
 * with its log's tail if it exits first. The child is unref'd: a daemon outlives a test process
 * that restarted it, and its owner finds it again by pid.
 */
export async function startDaemon(options: DaemonStart): Promise<ChildProcess> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    stdio: ['ignore', log, log],
    env: options.env ?? process.env,
    detached: true,
  });
  options.started?.(child);
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `${options.name} exited early (${code ?? signal}); see ${options.logFile}:\n` +
            logTail(options.logFile),
        ),
      ),
    );
    child.once('error', reject);
  });
  exited.catch(() => {});
  const timeoutMs = 60_000;
  const ready = async () => {
    if (!(await waitFor(() => socketPing(options.socketPath), timeoutMs)))
      throw new Error(
        `${options.name} did not answer within ${timeoutMs} ms:\n${logTail(options.logFile)}`,
      );
  };
  await Promise.race([ready(), exited]);
  child.unref();
  return child;
}

/** Stops a process by pid: SIGTERM, SIGKILL after `graceMs`, and waits until it is gone. */
export async function stopProcess(pid: number | undefined, graceMs: number): Promise<void> {
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  if (!(await waitFor(() => !isAlive(pid), graceMs))) {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 10_000);
  }
}

/** The pid a pidfile names, or undefined when there is none (not started, or removed). */
export function readPidFile(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Unmounts whatever a stopped daemon left mounted under dir, then removes every file in it. */
export async function removeDaemonDir(dir: string): Promise<void> {
  for (const mountPoint of mountsUnder(dir)) {
    await run('umount', ['-l', mountPoint]).catch(() => {});
  }
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
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

/** GET on a daemon's own API at its socket, bypassing all of this project's code. */
export function socketGet<T>(socketPath: string, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${path}: ${res.statusCode} ${body}`));
        else resolve(JSON.parse(body) as T);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether the daemon at the socket answers /_ping with 200 within 2 s. */
export function socketPing(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 2000 }, (res) => {
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

/** The last 20 lines of a daemon's log, for an error message. */
export function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
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
