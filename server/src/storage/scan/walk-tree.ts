import { type BigIntStats, lstatSync, readdirSync } from 'node:fs';
import type { Figures, LinkedInode } from '../../domain/data-root-breakdown.js';

export type { Figures, LinkedInode };

/*
 * One `du -s` of one directory, the way GNU du (coreutils 9.1) counts it, without its flaws
 * for a data root: lstat only (symlinks are counted, never followed), never into another
 * filesystem (a child whose st_dev differs from the walk's device is left out entirely, mount
 * point included, as `du -x` does), and an explicit stack instead of recursion, so depth is
 * bounded by memory, not by the call stack. Paths are Buffers end to end: a file name is bytes
 * on Linux, and names that are not UTF-8 must still be lstat-able.
 *
 * Synchronous on purpose: it runs in a worker thread (scan-pool.ts), where a sync syscall costs
 * less than a round trip through libuv's pool and blocks nobody.
 */

export interface WalkFs {
  lstat(path: Buffer): BigIntStats;
  readdir(path: Buffer): Buffer[];
}

export const realFs: WalkFs = {
  lstat: (path) => lstatSync(path, { bigint: true }),
  readdir: (path) => readdirSync(path, { encoding: 'buffer' }),
};

export interface WalkHooks {
  /** Called before a directory's entries are read; tests use it to change the tree mid-walk. */
  beforeReadDir?(path: Buffer, depth: number): void;
}

export interface WalkRequest {
  root: Buffer;
  /** Stay on this device (the data root's); default: the root's own device. */
  device?: bigint;
  /**
   * Names of direct children whose entries are counted but not descended into: overlayfs's
   * `work/` (scratch space that changes while a container runs; its `work/work` is mode 000)
   * and overlay2's `l/` (a symlink to every layer). Counting their entries keeps the figures
   * equal to du's, which counts them too.
   */
  shallow?: readonly string[];
  /** Count the root's own entry only: a directory whose children are walked as other units. */
  selfOnly?: boolean;
  /** Also report figures per direct child (containers/<id>: which files are logs). */
  perChild?: boolean;
}

export interface WalkWarning {
  path: Buffer;
  code: string;
  message: string;
}

export interface ChildFigures extends Figures {
  name: Buffer;
  isDirectory: boolean;
}

export interface WalkResult extends Figures {
  /** Directories whose entries were read. */
  directoriesRead: number;
  /** Entries that vanished during the walk (ENOENT, ENOTDIR): skipped. */
  vanished: number;
  /** Mount points left out (another filesystem: a running container's merged/, shm, …). */
  mountsSkipped: number;
  /** The root itself was missing: nothing was counted. */
  rootMissing: boolean;
  /** Entries that could not be read (EACCES, ENAMETOOLONG, …): the figures are a lower bound. */
  warnings: WalkWarning[];
  linkedInodes: LinkedInode[];
  children: ChildFigures[] | null;
}

const slash = Buffer.from('/');
const vanishedCodes = new Set(['ENOENT', 'ENOTDIR']);

interface Frame {
  path: Buffer;
  depth: number;
  /** Index into children, or -1 for the root. */
  child: number;
  /** Read the entries but do not descend. */
  shallow: boolean;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
}

/** A walk that read nothing: the start of every walk, and what a cached result lacks. */
export function emptyWalkResult(): WalkResult {
  return {
    diskBytes: 0,
    apparentBytes: 0,
    files: 0,
    directoriesRead: 0,
    vanished: 0,
    mountsSkipped: 0,
    rootMissing: false,
    warnings: [],
    linkedInodes: [],
    children: null,
  };
}

export function walkTree(
  request: WalkRequest,
  fs: WalkFs = realFs,
  hooks: WalkHooks = {},
  onProgress?: (directoriesRead: number, diskBytes: number) => void,
): WalkResult {
  const result: WalkResult = { ...emptyWalkResult(), children: request.perChild ? [] : null };
  const shallow = new Set(request.shallow ?? []);
  // du hashes only non-directories with more than one link (coreutils du.c, "hash_all" off).
  const seen = new Set<string>();

  const warn = (path: Buffer, error: unknown) => {
    const code = errorCode(error);
    result.warnings.push({ path, code, message: (error as Error).message ?? String(error) });
  };

  /** Counts one inode; false when it was a hard link already counted. */
  const count = (stats: BigIntStats, child: number): boolean => {
    const isDirectory = stats.isDirectory();
    const diskBytes = Number(stats.blocks) * 512;
    const apparentBytes = stats.size > 0n ? Number(stats.size) : 0;
    if (!isDirectory && stats.nlink > 1n) {
      const key = `${stats.dev}:${stats.ino}`;
      if (seen.has(key)) return false;
      seen.add(key);
      result.linkedInodes.push([key, diskBytes, apparentBytes]);
    }
    result.diskBytes += diskBytes;
    result.apparentBytes += apparentBytes;
    if (!isDirectory) result.files++;
    const figures = child >= 0 ? result.children?.[child] : undefined;
    if (figures !== undefined) {
      figures.diskBytes += diskBytes;
      figures.apparentBytes += apparentBytes;
      if (!isDirectory) figures.files++;
    }
    return true;
  };

  let rootStats: BigIntStats;
  try {
    rootStats = fs.lstat(request.root);
  } catch (error) {
    if (vanishedCodes.has(errorCode(error))) {
      result.rootMissing = true;
      result.vanished++;
    } else warn(request.root, error);
    return result;
  }
  const device = request.device ?? rootStats.dev;
  if (rootStats.dev !== device) {
    result.mountsSkipped++;
    return result;
  }
  count(rootStats, -1);
  if (!rootStats.isDirectory() || request.selfOnly) return result;

  let reported = 0;
  const stack: Frame[] = [{ path: request.root, depth: 0, child: -1, shallow: false }];
  let frame = stack.pop();
  while (frame !== undefined) {
    hooks.beforeReadDir?.(frame.path, frame.depth);
    let names: Buffer[] = [];
    try {
      names = fs.readdir(frame.path);
      result.directoriesRead++;
    } catch (error) {
      if (vanishedCodes.has(errorCode(error))) result.vanished++;
      else warn(frame.path, error);
    }
    for (const name of names) {
      const path = Buffer.concat([frame.path, slash, name]);
      let stats: BigIntStats;
      try {
        stats = fs.lstat(path);
      } catch (error) {
        if (vanishedCodes.has(errorCode(error))) result.vanished++;
        else warn(path, error);
        continue;
      }
      if (stats.dev !== device) {
        result.mountsSkipped++;
        continue;
      }
      let child = frame.child;
      if (frame.depth === 0 && result.children !== null) {
        child = result.children.length;
        result.children.push({
          name,
          isDirectory: stats.isDirectory(),
          diskBytes: 0,
          apparentBytes: 0,
          files: 0,
        });
      }
      if (!count(stats, child) || !stats.isDirectory() || frame.shallow) continue;
      const isShallow = frame.depth === 0 && shallow.has(name.toString('latin1'));
      stack.push({ path, depth: frame.depth + 1, child, shallow: isShallow });
    }
    if (onProgress !== undefined && result.directoriesRead - reported >= 256) {
      reported = result.directoriesRead;
      onProgress(result.directoriesRead, result.diskBytes);
    }
    frame = stack.pop();
  }
  onProgress?.(result.directoriesRead, result.diskBytes);
  return result;
}
