import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { WalkRequest, WalkResult } from './walk-tree.js';

/*
 * The walk in C (server/native/walk-tree.c), built by `npm ci` through node-gyp: the same
 * figures as walkTree, at du's cost per file instead of 1.7 times it. Where it could not be
 * built (no C compiler) or loaded, scans fall back on walkTree and say so once at start-up.
 */

interface WalkAddon {
  walk(
    root: Buffer,
    device: bigint | null,
    shallow: readonly string[],
    selfOnly: boolean,
    perChild: boolean,
    onProgress: ((directoriesRead: number, diskBytes: number) => void) | null,
  ): WalkResult;
}

/** server/build/Release, the same three levels up from src/storage/scan and dist/storage/scan. */
export const addonPath = fileURLToPath(
  new URL('../../../build/Release/walk_tree.node', import.meta.url),
);

function load(): { addon: WalkAddon; problem: null } | { addon: null; problem: string } {
  try {
    return { addon: createRequire(import.meta.url)(addonPath) as WalkAddon, problem: null };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND'
        ? 'it was not built (npm ci builds it with node-gyp, which needs python3, make and a C compiler)'
        : (error as Error).message;
    return { addon: null, problem: `The native disk walker is not loaded: ${reason}.` };
  }
}

const { addon, problem } = load();

/** Why scans use the slower TypeScript walker, or null when they use the native one. */
export const nativeWalkProblem: string | null = problem;

/** walkTree in C; null where the addon is not loaded. Takes no WalkFs and no hooks. */
export const nativeWalkTree:
  | ((
      request: WalkRequest,
      onProgress?: (directoriesRead: number, diskBytes: number) => void,
    ) => WalkResult)
  | null =
  addon === null
    ? null
    : (request, onProgress) =>
        addon.walk(
          request.root,
          request.device ?? null,
          request.shallow ?? [],
          request.selfOnly ?? false,
          request.perChild ?? false,
          onProgress ?? null,
        );
