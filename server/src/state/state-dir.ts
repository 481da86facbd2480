import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StateLock } from './state-lock.js';
import { enginesDirOf } from './state-root.js';

/*
 * The one place that decides where the dashboard keeps its own files (scan cache, last-use
 * record, layer indexes). Every engine has a directory of its own under the state root, named by
 * the engine's ID (GET /info "ID") and its data root, so two servers on two engines never read
 * each other's records; a server holds its directory's lock while it runs, so a second server
 * on the same engine stops with an error that names the first instead of overwriting it.
 */

export interface EngineIdentity {
  /** GET /info "ID": the daemon's ID, kept in its data root (engine-id) across restarts. */
  engineId: string;
  /** GET /info "Name": the engine's host name, for people reading the directory. */
  name: string;
  /** GET /info "DockerRootDir". */
  dockerRootDir: string;
}

/** Where the state of one running server goes, and what it was chosen by. */
export interface EngineState {
  /** The directory; null: kept in memory for this run only (`note` says why). */
  dir: string | null;
  /** Why the records are not kept, for the log; null when they are. */
  note: string | null;
  /** Records the port the server listens on in the lock (for a second server's error). */
  listening(port: number): Promise<void>;
  /** Gives the lock back: the last thing a closing server does. */
  release(): Promise<void>;
}

export class StateDirMismatchError extends Error {
  constructor(dir: string, recorded: EngineIdentity, engine: EngineIdentity) {
    super(
      `The state directory ${dir} holds the records of another engine (ID ${recorded.engineId}, ` +
        `data root ${recorded.dockerRootDir}); this engine is ${engine.engineId} with data root ` +
        `${engine.dockerRootDir}. Give this engine a state directory of its own ` +
        '(FOOTPRINT_STATE_DIR) so the two are not mixed.',
    );
    this.name = 'StateDirMismatchError';
  }
}

const identityFile = 'engine.json';

/** `<root>/engines/<engine ID>-<12 hex of the data root>`: readable, and unique per pair. */
export function engineStateDir(root: string, engine: EngineIdentity): string {
  const id = (engine.engineId.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64) || 'no-id').replace(
    /^\.+/,
    '_',
  );
  const root12 = createHash('sha256').update(engine.dockerRootDir).digest('hex').slice(0, 12);
  return join(enginesDirOf(root), `${id}-${root12}`);
}

/** State kept in memory only, for this run; `note` says why (logged, and shown where it matters). */
export const inMemory = (note: string): EngineState => ({
  dir: null,
  note,
  listening: () => Promise.resolve(),
  release: () => Promise.resolve(),
});

/**
 * Opens this server's state. `dir`: that exact directory (tests, and what the records are kept
 * in when a caller has chosen); else `root`: the engine's own directory under it. `identify`
 * asks the engine who it is; null when it does not answer.
 */
export async function openEngineState(
  where: { dir?: string | undefined; root?: string | undefined },
  identify: () => Promise<EngineIdentity | null>,
): Promise<EngineState> {
  if (where.dir === undefined && where.root === undefined) {
    return inMemory('no state directory was given: nothing is kept between runs.');
  }
  const engine = await identify();
  let dir: string;
  if (where.dir !== undefined) {
    dir = where.dir;
  } else if (engine !== null && where.root !== undefined) {
    dir = engineStateDir(where.root, engine);
  } else {
    // Which directory is this engine's is known only from the engine itself: guessing could mix
    // two engines' records, so this run keeps them in memory.
    return inMemory(
      'the engine did not answer at start-up, so which of its state directories to use is not ' +
        'known: last use, the scan cache and layer indexes are kept in memory for this run only ' +
        '(restart once the engine answers to keep them).',
    );
  }
  await mkdir(dir, { recursive: true });
  const lock = await StateLock.acquire(dir);
  try {
    if (engine !== null) await claim(dir, engine);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    dir,
    note: null,
    listening: (port) => lock.setPort(port),
    release: () => lock.release(),
  };
}

/** Writes whose records the directory holds, or refuses when it holds another engine's. */
async function claim(dir: string, engine: EngineIdentity): Promise<void> {
  const path = join(dir, identityFile);
  let recorded: EngineIdentity | null = null;
  try {
    recorded = JSON.parse(await readFile(path, 'utf8')) as EngineIdentity;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  if (recorded !== null && typeof recorded.engineId === 'string') {
    if (recorded.engineId !== engine.engineId || recorded.dockerRootDir !== engine.dockerRootDir) {
      throw new StateDirMismatchError(dir, recorded, engine);
    }
    return;
  }
  await writeFile(`${path}.tmp`, `${JSON.stringify(engine, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
