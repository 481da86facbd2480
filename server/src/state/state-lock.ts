import { readFileSync } from 'node:fs';
import { open, readFile, rename, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/*
 * One server per state directory. The lock is a file made with O_EXCL (open 'wx'), so of two
 * servers starting at once exactly one gets it; it holds the owner's pid, so a lock left by a
 * server that died (kill -9, a crash, a power cut) is recognised and taken over rather than
 * blocking every later start.
 */

export const lockFileName = 'server.lock';
/** How often the owner touches the lock, and how old a touch may be before the owner counts as gone. */
const heartbeatMs = 30_000;
const staleAfterMs = 120_000;

export interface LockHolder {
  pid: number;
  hostname: string;
  /** The kernel's boot ID: a lock from before a reboot is stale whatever its pid. */
  bootId: string | null;
  startedAt: string;
  /** The port the owner serves, once it listens; null before. */
  port: number | null;
}

export class StateLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.port === null ? '' : `, serving port ${holder.port}`;
    super(
      `Another docker-footprint server (pid ${holder.pid} on ${holder.hostname}${where}, ` +
        `started ${holder.startedAt}) keeps this engine's records in ${dir}: two servers would ` +
        'overwrite each other’s last-use record and scan cache. Open that server, stop it ' +
        'first, or give this one a state directory of its own with FOOTPRINT_STATE_DIR. If ' +
        `that server is gone and this is wrong, delete ${join(dir, lockFileName)}.`,
    );
    this.name = 'StateLockedError';
  }
}

function ownBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return null;
    return {
      pid: value.pid,
      hostname: value.hostname,
      bootId: typeof value.bootId === 'string' ? value.bootId : null,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'at an unknown time',
      port: typeof value.port === 'number' ? value.port : null,
    };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's owner is gone. On this host (same host name and boot) its pid says so; a
 * lock from another host name (the dashboard in a container that was re-created shares the
 * directory with a new host name, and its pids are not ours to ask) is stale once its heartbeat
 * stops.
 */
function isStale(holder: LockHolder | null, touchedAt: number, now: number): boolean {
  if (holder === null) return true;
  const bootId = ownBootId();
  if (holder.bootId !== null && bootId !== null && holder.bootId !== bootId) return true;
  if (holder.hostname === hostname()) {
    // Our own pid on a lock from before this process started: a container restarted with the
    // same host name and pid 1 again, after an end that left the lock behind.
    const startedAt = Date.parse(holder.startedAt);
    if (holder.pid === process.pid && startedAt < now - process.uptime() * 1000) return true;
    return !isAlive(holder.pid);
  }
  return now - touchedAt > staleAfterMs;
}

export class StateLock {
  #holder: LockHolder;
  #heartbeat: NodeJS.Timeout | null = null;
  #released = false;

  private constructor(
    readonly dir: string,
    holder: LockHolder,
  ) {
    this.#holder = holder;
    this.#heartbeat = setInterval(() => {
      const now = new Date();
      utimes(this.path, now, now).catch(() => {});
    }, heartbeatMs);
    this.#heartbeat.unref();
  }

  get path(): string {
    return join(this.dir, lockFileName);
  }

  /** Takes the directory's lock, or throws StateLockedError naming the server that holds it. */
  static async acquire(dir: string): Promise<StateLock> {
    const holder: LockHolder = {
      pid: process.pid,
      hostname: hostname(),
      bootId: ownBootId(),
      startedAt: new Date().toISOString(),
      port: null,
    };
    const path = join(dir, lockFileName);
    // Twice at most: once as things are, once more after taking a stale lock away.
    for (let attempt = 0; ; attempt++) {
      try {
        const file = await open(path, 'wx', 0o644);
        try {
          await file.writeFile(`${JSON.stringify(holder)}\n`);
        } finally {
          await file.close();
        }
        return new StateLock(dir, holder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
            throw new StateLockedError(dir, (await readHolder(path)) ?? holder);
          }
          throw error;
        }
      }
      const found = await readHolder(path);
      const touchedAt = await open(path, 'r')
        .then(async (file) => {
          try {
            return (await file.stat()).mtimeMs;
          } finally {
            await file.close();
          }
        })
        .catch(() => 0);
      if (!isStale(found, touchedAt, Date.now())) {
        throw new StateLockedError(dir, found ?? holder);
      }
      await takeAway(path, found);
    }
  }

  /** Writes the port once the server listens, so a second server's error can name it. */
  async setPort(port: number): Promise<void> {
    if (this.#released) return;
    this.#holder = { ...this.#holder, port };
    await writeFile(`${this.path}.tmp-${process.pid}`, `${JSON.stringify(this.#holder)}\n`);
    await rename(`${this.path}.tmp-${process.pid}`, this.path);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    // Only our own lock: never one another server took over meanwhile.
    const current = await readHolder(this.path);
    if (current?.pid === this.#holder.pid && current.startedAt === this.#holder.startedAt) {
      await unlink(this.path).catch(() => {});
    }
  }
}

async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    return parseHolder(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Moves a stale lock aside under a name of our own and deletes it. If two servers found it stale
 * at once, only one rename succeeds; and if what was moved is not the stale lock read before
 * (another server took it over in between), it is put back and the next attempt sees it held.
 */
async function takeAway(path: string, stale: LockHolder | null): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (stale !== null && moved !== null && moved.startedAt !== stale.startedAt) {
    await rename(aside, path).catch(() => {});
    return;
  }
  await unlink(aside).catch(() => {});
}
