import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the dashboard keeps its own files: FOOTPRINT_STATE_DIR, else
 * $XDG_STATE_HOME/docker-footprint, else ~/.local/state/docker-footprint. Its own module, with
 * nothing else in it: the code cache's entry and server.ts read it before the server loads.
 */
export function stateRootOf(env: NodeJS.ProcessEnv): string {
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return resolve(env.FOOTPRINT_STATE_DIR || join(stateHome, 'docker-footprint'));
}

/** The directory of the engines' own state directories (state-dir.ts names each). */
export function enginesDirOf(stateRoot: string): string {
  return join(stateRoot, 'engines');
}
