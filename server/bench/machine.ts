import { execFile } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import type { PrivateEngine } from '../test/helpers/private-engine.js';
import { dockerCliBinary } from '../test/helpers/private-engine.js';

const run = promisify(execFile);

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryBytes: number;
  kernel: string;
  /** Filesystem of the private engine's data root (df). */
  disk: string;
  versions: Record<string, string>;
  /**
   * The 1, 5 and 15 minute load averages when the run began: on a shared machine, what else was
   * running decides the latency figures more than the server does.
   */
  loadAverage: number[];
}

async function firstLine(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(file, args, { env });
    return stdout.trim().split('\n')[0] ?? '';
  } catch {
    return 'not available';
  }
}

/** The machine and the tools the figures were taken with, for the README. */
export async function describeMachine(engine: PrivateEngine): Promise<Machine> {
  const env = { ...process.env, DOCKER_HOST: engine.dockerHost };
  const [disk, dockerCli, dockerd, du, chromium] = await Promise.all([
    run('df', ['-h', '--output=source,fstype,size', engine.dataRoot]).then(
      ({ stdout }) => stdout.trim().split('\n').at(-1)?.replace(/\s+/g, ' ') ?? '',
      () => 'unknown',
    ),
    firstLine(dockerCliBinary, ['version', '--format', '{{.Client.Version}}'], env),
    firstLine(dockerCliBinary, ['version', '--format', '{{.Server.Version}}'], env),
    firstLine('du', ['--version']),
    firstLine(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']),
  ]);
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    kernel: release(),
    disk,
    versions: { node: process.version, dockerCli, dockerd, du, chromium },
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}
