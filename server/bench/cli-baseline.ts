import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PrivateEngine } from '../test/helpers/private-engine.js';
import { dockerCliBinary } from '../test/helpers/private-engine.js';

const run = promisify(execFile);

export interface CliBaseline {
  /** `docker system df -v` against the private engine. */
  dockerSystemDfMs: number;
  /** `du -x -s <data root>`. */
  duMs: number;
  duDiskBytes: number;
  /** The two back to back: what the dashboard's cold start is compared with. */
  totalMs: number;
  /** `gdu -npsx <data root>` when gdu is installed; null otherwise. */
  gduMs: number | null;
  /**
   * A first, untimed `du -x -s`: it fills the page cache, so du and the dashboard after it
   * both read a warm cache. Otherwise whoever runs second reads what the first one cached
   * (here du took 8.9 s on a cold cache and 3.0 s on a warm one).
   */
  warmUpMs: number;
}

async function timed(file: string, args: string[], env?: NodeJS.ProcessEnv) {
  const start = performance.now();
  const { stdout } = await run(file, args, { env, maxBuffer: 256 << 20 });
  return { ms: performance.now() - start, stdout };
}

async function gduPath(): Promise<string | null> {
  try {
    const { stdout } = await run('sh', ['-c', 'command -v gdu']);
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

/** What a person would run by hand to answer "what uses my disk": the CLI, then du. */
export async function measureCliBaseline(engine: PrivateEngine): Promise<CliBaseline> {
  const env = { ...process.env, DOCKER_HOST: engine.dockerHost };
  const warmUp = await timed('du', ['-x', '-B1', '-s', engine.dataRoot]);
  const df = await timed(dockerCliBinary, ['system', 'df', '-v'], env);
  const du = await timed('du', ['-x', '-B1', '-s', engine.dataRoot]);
  const gdu = await gduPath();
  const gduMs = gdu === null ? null : (await timed(gdu, ['-npsx', engine.dataRoot])).ms;
  return {
    dockerSystemDfMs: df.ms,
    duMs: du.ms,
    duDiskBytes: Number(du.stdout.split('\t')[0]),
    totalMs: df.ms + du.ms,
    gduMs,
    warmUpMs: warmUp.ms,
  };
}
