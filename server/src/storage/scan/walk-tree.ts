import { type BigIntStats, lstatSync, readdirSync, type Stats } from 'node:fs';
import type { Figures, LinkedInode } from '../../domain/data-root-breakdown.js';

export type { Figures, LinkedInode };

/*
 * One `du -s` of one directory, the way GNU du (coreutils 9.1) counts it, without its flaws
 * for a data root: lstat only (symlinks are counted, never followed), never into another
 * filesystem (a child whose st_dev differs from the walk's device is left out entirely, mount
 * point included, as `du -x` does), and an explicit stack instead of recursion, so depth is
 * bounded by memory, not by the call stack.
 *
 * Synchronous on purpose: it runs in a worker thread (scan-pool.ts), where a sync syscall costs
 * less than a round trip through libuv's pool and blocks nobody.
 *
 * Per entry this is one readdir name and one lstat, and the JavaScript around them is what
 * makes it slower than du's C loop, so the loop avoids what it can (measured with
 * `npm run bench:scan`):
 * - Stats with numbers, not BigInts: a BigIntStats allocates 14 BigInts. A number is exact up
 *   to 2^53, which st_blocks * 512 and st_size never reach and Linux's st_dev (32 bits) never
 *   does; st_ino can (XFS inode64, overlayfs xino puts a layer index in the top bits), so
 *   where an inode number is a key, one beyond 2^53 is read again as a BigInt.
 * - Paths as strings, not Buffers: a file name is bytes on Linux, but nearly every name is
 *   UTF-8, and a string path costs less than a Buffer.concat per entry. A directory with a
 *   name that is not UTF-8 is read again as bytes, and it and everything below it is walked
 *   with Buffer paths, so such names still reach lstat intact.
 */

export interface WalkFs {
  /** Stats with numbers; undefined when the entry does not exist (ENOENT). */
  lstat(path: string | Buffer): Stats | undefined;
  /** Exact stats, for inode numbers beyond 2^53. */
  lstatExact(path: string | Buffer): BigIntStats;
  /** Names decoded as UTF-8: a name that is not UTF-8 comes back with U+FFFD in it. */
  readdir(path: string): string[];
  /** Names as bytes. */
  readdirRaw(path: string | Buffer): Buffer[];
}

const numberStats = { throwIfNoEntry: false } as const;
const exactStats = { bigint: true } as const;
const rawNames = { encoding: 'buffer' } as const;

export const realFs: WalkFs = {
  lstat: (path) => lstatSync(path, numberStats),
  lstatExact: (path) => lstatSync(path, exactStats),
  readdir: (path) => readdirSync(path),
  readdirRaw: (path) => readdirSync(path, rawNames),
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

interface Frame {
  /** A string while every name on the way is UTF-8, bytes below a name that is not. */
  path: string | Buffer;
  depth: number;
  /** Index into children, or -1 for the root. */
  child: number;
  /** Read the entries but do not descend. */
  shallow: boolean;
}

const slash = Buffer.from('/');
const maxExact = Number.MAX_SAFE_INTEGER;

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
}

function isVanished(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function toBuffer(path: string | Buffer): Buffer {
  return typeof path === 'string' ? Buffer.from(path) : path;
}

/**
 * V8 decodes every byte sequence that is not UTF-8 to U+FFFD, so a name without one is valid
 * UTF-8 and encodes back to the same bytes. A name that really holds U+FFFD only costs a
 * second read.
 */
function allUtf8(names: string[]): boolean {
  for (const name of names) if (name.includes('\uFFFD')) return false;
  return true;
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
  const { children } = result;
  const shallow = request.shallow ?? [];
  // du hashes only non-directories with more than one link (coreutils du.c, "hash_all" off).
  const seen = new Set<string>();

  const fail = (path: string | Buffer, error: unknown) => {
    if (isVanished(error)) {
      result.vanished++;
      return;
    }
    const message = (error as Error).message ?? String(error);
    result.warnings.push({ path: toBuffer(path), code: errorCode(error), message });
  };

  /** Counts one inode; false when it was a hard link already counted. */
  const count = (
    isDirectory: boolean,
    /** dev:ino of a non-directory with more than one link, else null. */
    linkKey: string | null,
    diskBytes: number,
    apparentBytes: number,
    child: number,
  ): boolean => {
    if (linkKey !== null) {
      if (seen.has(linkKey)) return false;
      seen.add(linkKey);
      result.linkedInodes.push([linkKey, diskBytes, apparentBytes]);
    }
    result.diskBytes += diskBytes;
    result.apparentBytes += apparentBytes;
    if (!isDirectory) result.files++;
    if (child >= 0) {
      const figures = children?.[child] as ChildFigures;
      figures.diskBytes += diskBytes;
      figures.apparentBytes += apparentBytes;
      if (!isDirectory) figures.files++;
    }
    return true;
  };

  /**
   * The exact count of one entry: the walk's root, and inode or device numbers beyond 2^53.
   * The key is spelled as BigIntStats gives it (Node holds st_ino as a signed 64-bit integer,
   * so 2^63 + n reads as n - 2^63), the spelling of earlier scans and of the layer cache; below
   * 2^53 a number spells the same key.
   */
  const countExact = (stats: BigIntStats, child: number): boolean => {
    const isDirectory = stats.isDirectory();
    const linked = !isDirectory && stats.nlink > 1n;
    return count(
      isDirectory,
      linked ? `${stats.dev}:${stats.ino}` : null,
      Number(stats.blocks) * 512,
      stats.size > 0n ? Number(stats.size) : 0,
      child,
    );
  };

  let rootStats: BigIntStats;
  try {
    rootStats = fs.lstatExact(request.root);
  } catch (error) {
    if (isVanished(error)) result.rootMissing = true;
    fail(request.root, error);
    return result;
  }
  const device = request.device ?? rootStats.dev;
  if (rootStats.dev !== device) {
    result.mountsSkipped++;
    return result;
  }
  countExact(rootStats, -1);
  if (!rootStats.isDirectory() || request.selfOnly) return result;

  // A number equal to the device's is the same device only while the device is below 2^53;
  // beyond, an equal number is checked again exactly (Linux's 32-bit st_dev never gets there).
  const deviceNumber = Number(device);
  const deviceExact = device <= BigInt(maxExact);
  const rootString = request.root.toString();
  const root = allUtf8([rootString]) ? rootString : request.root;

  let reported = 0;
  const stack: Frame[] = [{ path: root, depth: 0, child: -1, shallow: false }];
  let frame = stack.pop();
  while (frame !== undefined) {
    const { depth } = frame;
    hooks.beforeReadDir?.(toBuffer(frame.path), depth);
    let names: string[] | Buffer[] = [];
    let prefix: string | Buffer = frame.path;
    try {
      if (typeof prefix === 'string') names = fs.readdir(prefix);
      if (typeof prefix !== 'string' || !allUtf8(names as string[])) {
        prefix = toBuffer(prefix);
        names = fs.readdirRaw(prefix);
      }
      result.directoriesRead++;
    } catch (error) {
      names = [];
      fail(frame.path, error);
    }
    if (typeof prefix === 'string') prefix = `${prefix}/`;
    const perChild = depth === 0 && children !== null;
    const checkShallow = depth === 0 && shallow.length > 0;

    for (const name of names) {
      const path: string | Buffer =
        typeof prefix === 'string'
          ? prefix + (name as string)
          : Buffer.concat([prefix, slash, name as Buffer]);
      let stats: Stats | undefined;
      try {
        stats = fs.lstat(path);
      } catch (error) {
        fail(path, error);
        continue;
      }
      if (stats === undefined) {
        result.vanished++;
        continue;
      }
      if (stats.dev !== deviceNumber) {
        result.mountsSkipped++;
        continue;
      }
      const isDirectory = stats.isDirectory();
      let exact: BigIntStats | null = null;
      if (!deviceExact || (!isDirectory && stats.nlink > 1 && stats.ino > maxExact)) {
        try {
          exact = fs.lstatExact(path);
        } catch (error) {
          fail(path, error);
          continue;
        }
        if (exact.dev !== device) {
          result.mountsSkipped++;
          continue;
        }
      }
      let child = frame.child;
      if (perChild) {
        child = children.length;
        children.push({
          name: toBuffer(name),
          isDirectory,
          diskBytes: 0,
          apparentBytes: 0,
          files: 0,
        });
      }
      let counted: boolean;
      if (exact !== null) counted = countExact(exact, child);
      else {
        const linkKey = !isDirectory && stats.nlink > 1 ? `${stats.dev}:${stats.ino}` : null;
        const apparentBytes = stats.size > 0 ? stats.size : 0;
        counted = count(isDirectory, linkKey, stats.blocks * 512, apparentBytes, child);
      }
      if (!counted || !isDirectory || frame.shallow) continue;
      const isShallow =
        checkShallow &&
        shallow.some((s) => (typeof name === 'string' ? name === s : name.equals(Buffer.from(s))));
      stack.push({ path, depth: depth + 1, child, shallow: isShallow });
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
