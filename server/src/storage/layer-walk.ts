import { spawn } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { EntryAttributes } from '../domain/layer-builder.js';
import { segmentKey } from '../domain/tree-names.js';
import { tarPaxRecords } from './tar-header.js';

/*
 * A layer's entries read from its overlay2 directory (<data-root>/overlay2/<cache-id>/diff), for
 * layers the engine kept no tar-split file for. Entries are lstat'ed, never followed, and the
 * walk only descends into real directories, so it cannot leave the layer. In that directory
 * overlay2 keeps a whiteout as a 0/0 character device of the deleted name and an opaque
 * directory as the xattr trusted.overlay.opaque=y (user.overlay.opaque for rootless engines).
 * Node cannot read xattrs; GNU tar can, given only the directories (no file is read), and only
 * a process with CAP_SYS_ADMIN sees trusted.* ones at all: without it, say so, never guess.
 * Names come in byte order and the first name of a hard-linked file holds its data, the rest
 * link to it, as the engine's own tar writer (moby pkg/archive) would produce them.
 */

export interface DirectoryRead {
  opaqueMarkersRead: boolean;
  /** Why opaque markers could not be read; null when they were. */
  opaqueProblem: string | null;
}

const whiteoutPrefix = Buffer.from('.wh.');
const slash = Buffer.from('/');

type OnEntry = (segments: string[], entry: EntryAttributes) => void;

/**
 * Reads the layer directory: `onEntry` gets each entry's key segments, parents first, and
 * `onOpaque` each directory overlay marked opaque.
 */
export async function readLayerDirectory(
  root: string,
  onEntry: OnEntry,
  onOpaque: (segments: string[]) => void,
  onProgress: (entries: number) => void = () => {},
): Promise<DirectoryRead> {
  const directories = walk(root, onEntry, onProgress);
  let opaque: Buffer[];
  try {
    opaque = await readOpaqueDirectories(root, directories);
  } catch (error) {
    return {
      opaqueMarkersRead: false,
      opaqueProblem: `GNU tar, which reads them, failed here (${(error as Error).message})`,
    };
  }
  for (const dir of opaque) onOpaque(splitPath(dir).map((part) => segmentKey(part)));
  // Rootless engines mark with user.overlay.opaque, which anyone may read; finding one says
  // which kind the engine writes.
  if (opaque.length === 0 && !canReadTrustedXattrs()) {
    return {
      opaqueMarkersRead: false,
      opaqueProblem:
        'they are the trusted.overlay.opaque xattr, which only a process with CAP_SYS_ADMIN ' +
        '(root outside a container) can read',
    };
  }
  return { opaqueMarkersRead: true, opaqueProblem: null };
}

/** "./a/b/" → ["a", "b"], as bytes. */
function splitPath(path: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path[i] !== 0x2f) continue;
    const part = path.subarray(start, i);
    start = i + 1;
    if (part.length === 0 || (part.length === 1 && part[0] === 0x2e)) continue;
    parts.push(part);
  }
  return parts;
}

/** The walk itself; returns every directory's path relative to the root. */
function walk(root: string, onEntry: OnEntry, onProgress: (entries: number) => void): Buffer[] {
  const firstLink = new Map<string, Buffer>();
  // The root too: a layer may make the whole tree below it opaque.
  const directories: Buffer[] = [Buffer.alloc(0)];
  const stack: { path: Buffer; relative: Buffer; segments: string[] }[] = [
    { path: Buffer.from(root), relative: Buffer.alloc(0), segments: [] },
  ];
  let entries = 0;
  while (stack.length > 0) {
    const dir = stack.pop() as (typeof stack)[number];
    const names = (readdirSync(dir.path, { encoding: 'buffer' }) as Buffer[]).sort(Buffer.compare);
    const subdirs: typeof stack = [];
    for (const name of names) {
      const path = Buffer.concat([dir.path, slash, name]);
      const relative =
        dir.relative.length === 0 ? name : Buffer.concat([dir.relative, slash, name]);
      const stats = lstatSync(path, { bigint: true });
      const segments = [...dir.segments, segmentKey(name)];
      const base = {
        bytes: 0,
        mode: Number(stats.mode & 0o7777n),
        uid: Number(stats.uid),
        gid: Number(stats.gid),
        linkTarget: null,
      };
      entries++;
      if (entries % 4096 === 0) onProgress(entries);
      if (stats.isDirectory()) {
        onEntry(segments, { ...base, kind: 'dir' });
        directories.push(relative);
        subdirs.push({ path, relative, segments });
      } else if (stats.isCharacterDevice() && stats.rdev === 0n) {
        const whiteout = segmentKey(Buffer.concat([whiteoutPrefix, name]));
        onEntry([...dir.segments, whiteout], { ...base, kind: 'file' });
      } else if (stats.isSymbolicLink()) {
        const target = readlinkSync(path, { encoding: 'buffer' });
        onEntry(segments, { ...base, kind: 'symlink', linkTarget: segmentKey(target) });
      } else if (stats.isFile()) {
        const inode = `${stats.dev}:${stats.ino}`;
        const first = stats.nlink > 1n ? firstLink.get(inode) : undefined;
        if (first !== undefined) {
          onEntry(segments, { ...base, kind: 'hardlink', linkTarget: segmentKey(first) });
        } else {
          if (stats.nlink > 1n) firstLink.set(inode, relative);
          onEntry(segments, { ...base, kind: 'file', bytes: Number(stats.size) });
        }
      } else if (stats.isCharacterDevice() || stats.isBlockDevice() || stats.isFIFO()) {
        const kind = stats.isFIFO()
          ? 'fifo'
          : stats.isBlockDevice()
            ? 'block-device'
            : 'char-device';
        onEntry(segments, { ...base, kind });
      }
      // Sockets: a tar cannot hold them, and the engine's tar writer skips them too.
    }
    // Depth first in name order: the next directory popped is the first by name.
    for (let k = subdirs.length - 1; k >= 0; k--) stack.push(subdirs[k] as (typeof stack)[number]);
  }
  onProgress(entries);
  return directories;
}

/** Whether this process holds CAP_SYS_ADMIN, without which trusted.* xattrs are invisible. */
export function canReadTrustedXattrs(): boolean {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const capabilities = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    return capabilities !== undefined && (BigInt(`0x${capabilities}`) & (1n << 21n)) !== 0n;
  } catch {
    return false;
  }
}

/**
 * The directories (relative paths) carrying overlay's opaque xattr, read by GNU tar from the
 * directories alone (--no-recursion: no file's contents are read, no link is followed).
 */
function readOpaqueDirectories(root: string, directories: readonly Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'tar',
      [
        '-C',
        root,
        '--format=posix',
        '--pax-option=delete=atime,delete=ctime,delete=mtime',
        '--xattrs',
        '--xattrs-include=trusted.overlay.opaque',
        '--xattrs-include=user.overlay.opaque',
        '--no-recursion',
        '--null',
        '--verbatim-files-from',
        '-cf',
        '-',
        '-T',
        '-',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const found: Buffer[] = [];
    let buffered = Buffer.alloc(0);
    let pax: Map<string, Buffer> | null = null;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (buffered.length < 512) return;
        const header = buffered.subarray(0, 512);
        const size = Number.parseInt(header.subarray(124, 136).toString('latin1'), 8) || 0;
        const total = 512 + Math.ceil(size / 512) * 512;
        if (buffered.length < total) return;
        const type = String.fromCharCode(header[156] as number);
        if (type === 'x') {
          pax = tarPaxRecords(buffered.subarray(512, 512 + size));
        } else if (header.some((byte) => byte !== 0)) {
          const opaque =
            pax?.get('SCHILY.xattr.trusted.overlay.opaque') ??
            pax?.get('SCHILY.xattr.user.overlay.opaque');
          if (opaque?.toString() === 'y') found.push(pax?.get('path') ?? ustarName(header));
          pax = null;
        }
        buffered = buffered.subarray(total);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(found);
      else reject(new Error(`tar exited with ${code}: ${stderr.trim().split('\n')[0] ?? ''}`));
    });
    child.stdin.on('error', () => {});
    const list = directories.flatMap((dir) => [Buffer.from('./'), dir, Buffer.from([0])]);
    child.stdin.end(Buffer.concat(list));
  });
}

function ustarName(header: Buffer): Buffer {
  const field = (start: number, length: number) => {
    const bytes = header.subarray(start, start + length);
    const end = bytes.indexOf(0);
    return end === -1 ? bytes : bytes.subarray(0, end);
  };
  const prefix = field(345, 155);
  const name = field(0, 100);
  return prefix.length > 0 ? Buffer.concat([prefix, slash, name]) : name;
}
