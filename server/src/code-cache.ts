/*
 * Runs the server's bundle (server/dist/server.main.cjs, all of server.ts and what it imports)
 * compiled with V8's code cache of the previous start (code-cache-start.ts is the entry).
 *
 * Before the server's first line, V8 parsed the 5.4 MB bundle and then compiled each function
 * the start-up calls: about 0.15 s of the main thread's 0.5 to 0.6 s from spawn to listening
 * (by CPU profiles and /proc CPU time, Node 20). With the code cache a start after the first
 * reads the compiled code back instead. Node 22.1+ has module.enableCompileCache(), which does
 * this for files loaded by require or import; Node 20, which the figures were measured on, has
 * only vm.Script's cachedData, which compiles a script (so the bundle is CommonJS) and works on
 * every Node the server supports, so it is used on all of them.
 *
 * The cache lives in the state root (FOOTPRINT_STATE_DIR, as state/state-root.ts chooses it), in
 * code-cache/, one file per bundle build, Node version and architecture (V8 also refuses data
 * of other flags or another V8). A start without a usable one (the first start of a build)
 * writes it a second after the server listens, once the start-up's functions and the first
 * answers' are compiled: one synchronous step of 80 to 120 ms of the main thread on a loaded
 * 2-core host (2 MB), early in a cold start, while the first scan's walk runs in its workers.
 * Later, V8 would have dropped the bytecode of functions that ran only at start-up. Written to a
 * temporary file and renamed, so two servers never read half of one.
 * When the directory cannot be made or written (a read-only state dir), or the file is damaged,
 * the server starts as it did without: the cache only saves time.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isAscii } from 'node:buffer';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { stateRootOf } from './state/state-root.js';

/**
 * After the server listens, long enough for the first answers (a page's, the benchmark's polls)
 * to have been compiled too; the timer keeps no one up.
 */
const defaultWriteAfterMs = 1000;

/** The code cache's directory: code-cache/ in the state root (state/state-root.ts). */
export function codeCacheDir(env: NodeJS.ProcessEnv): string {
  return join(stateRootOf(env), 'code-cache');
}

function readIfThere(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes the cache beside older ones' removal; false when the directory cannot be written. */
function writeCache(dir: string, file: string, data: Buffer): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
    // Caches of other builds or other Nodes are never read again.
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path !== file && name.endsWith('.bin')) rmSync(path, { force: true });
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The script's text. The server's bundle is ASCII (scripts/bundle-server.mjs escapes the rest),
 * read as Latin-1: a copy into a one-byte string, where decoding 5.7 MB of UTF-8 took 37 ms of
 * each start once a character past ASCII made V8 hold it in two bytes a character. Any other
 * text is decoded as UTF-8.
 */
function readSource(path: string): string {
  const bytes = readFileSync(path);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * The cache file of `mainBundle` in `cacheDir`, for this Node. The name says which build, by its
 * size and time (V8 checks only the source's length, and two builds of one length would share a
 * cache); hashing 5 MB would take 10 ms of each start.
 */
export function codeCacheFile(mainBundle: string, cacheDir: string): string {
  const { size, mtimeMs } = statSync(mainBundle);
  const { node, v8 } = process.versions;
  return join(
    cacheDir,
    `server-${size}-${Math.round(mtimeMs)}-node${node}-${process.arch}-v8-${v8}.bin`,
  );
}

export interface CodeCacheRun {
  /** What the cache file did: none there, used, or refused by V8 (another V8, flags, damaged). */
  cache: 'none' | 'accepted' | 'rejected';
  /** Whether a new cache was written (false: not writable), once it is; null: none is written. */
  written: Promise<boolean> | null;
}

/** Compiles and runs a CommonJS script with the code cache kept in `cacheDir`. */
export function runWithCodeCache(
  mainBundle: string,
  cacheDir: string,
  writeAfterMs = defaultWriteAfterMs,
): CodeCacheRun {
  const source = readSource(mainBundle);
  const file = codeCacheFile(mainBundle, cacheDir);
  const cachedData = readIfThere(file);
  const script = new vm.Script(Module.wrap(source.replace(/^#!.*/, '')), {
    filename: mainBundle,
    cachedData,
    // import() inside the bundle resolves as it would in a file Node loaded itself.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cache =
    cachedData === undefined
      ? 'none'
      : script.cachedDataRejected === true
        ? 'rejected'
        : 'accepted';
  const run = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module: { exports: object } = { exports: {} };
  const require = createRequire(mainBundle);
  run.call(module.exports, module.exports, require, module, mainBundle, dirname(mainBundle));
  if (cache === 'accepted') return { cache, written: null };
  // The server's bundle says when it listens; a script that does not is taken as started.
  const { listening } = module.exports as { listening?: Promise<unknown> };
  const written = Promise.resolve(listening).then(
    () =>
      new Promise<boolean>((resolve) => {
        setTimeout(
          () => resolve(writeCache(cacheDir, file, script.createCachedData())),
          writeAfterMs,
        ).unref();
      }),
  );
  return { cache, written };
}
