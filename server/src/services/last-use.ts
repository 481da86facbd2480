import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * When each image was last used by a container, from the engine's container create/start
 * events, kept in <stateDir>/last-use.json. The engine records no such time (image inspect has
 * only Created and, from API 1.47, LastTagTime), so it is known only since the file was
 * started: knownSince.
 */

interface ImageUse {
  /** When the server first saw the image (ISO). */
  firstSeen: string;
  /** When a container was last created or started from it (ISO); null when never seen. */
  lastUsed: string | null;
}

interface LastUseFile {
  version: 1;
  knownSince: string;
  images: Record<string, ImageUse>;
}

const fileName = 'last-use.json';
const saveDelayMs = 1000;

export class LastUse {
  #data: LastUseFile;
  #version = 0;
  #saveTimer: NodeJS.Timeout | null = null;
  #saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly stateDir: string | null,
    data: LastUseFile,
  ) {
    this.#data = data;
  }

  /** Reads the record, or starts one now. Without a state dir it lives in memory only. */
  static async open(stateDir: string | null, now = new Date()): Promise<LastUse> {
    const fresh: LastUseFile = { version: 1, knownSince: now.toISOString(), images: {} };
    if (stateDir === null) return new LastUse(null, fresh);
    try {
      const parsed = JSON.parse(await readFile(join(stateDir, fileName), 'utf8')) as LastUseFile;
      if (parsed.version === 1 && typeof parsed.knownSince === 'string') {
        return new LastUse(stateDir, { ...parsed, images: parsed.images ?? {} });
      }
    } catch (error) {
      // A missing file starts the record; an unreadable one is replaced rather than trusted.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) {
        throw error;
      }
    }
    const record = new LastUse(stateDir, fresh);
    record.#scheduleSave();
    return record;
  }

  /** Goes up with every change: answers derived from the record are kept per version. */
  get version(): number {
    return this.#version;
  }

  get knownSince(): string {
    return this.#data.knownSince;
  }

  /** When the server first saw the image: its use is recorded since; null when not seen. */
  firstSeen(imageId: string): string | null {
    return this.#data.images[imageId]?.firstSeen ?? null;
  }

  lastUsed(imageId: string): string | null {
    return this.#data.images[imageId]?.lastUsed ?? null;
  }

  /** Since when no container is known to have used the image; null when not seen at all. */
  idleSince(imageId: string): string | null {
    const use = this.#data.images[imageId];
    if (use === undefined) return null;
    return use.lastUsed !== null && use.lastUsed > use.firstSeen ? use.lastUsed : use.firstSeen;
  }

  /** A container was created or started from the image at `at`. */
  recordUse(imageId: string, at: Date): void {
    const iso = at.toISOString();
    const use = this.#data.images[imageId] ?? { firstSeen: iso, lastUsed: null };
    if (use.lastUsed === null || iso > use.lastUsed) use.lastUsed = iso;
    this.#data.images[imageId] = use;
    this.#version++;
    this.#scheduleSave();
  }

  /** The images that exist now: new ones are seen from now on, vanished ones forgotten. */
  observe(imageIds: readonly string[], now = new Date()): void {
    const live = new Set(imageIds);
    const firstSeen = now.toISOString();
    let changed = false;
    for (const id of live) {
      if (this.#data.images[id] === undefined) {
        this.#data.images[id] = { firstSeen, lastUsed: null };
        changed = true;
      }
    }
    for (const id of Object.keys(this.#data.images)) {
      if (!live.has(id)) {
        delete this.#data.images[id];
        changed = true;
      }
    }
    if (changed) {
      this.#version++;
      this.#scheduleSave();
    }
  }

  /** Writes pending changes now (on close). */
  async flush(): Promise<void> {
    if (this.#saveTimer !== null) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = null;
      this.#saving = this.#saving.then(() => this.#save());
    }
    await this.#saving;
  }

  #scheduleSave(): void {
    if (this.stateDir === null || this.#saveTimer !== null) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      this.#saving = this.#saving.then(() => this.#save());
    }, saveDelayMs);
    this.#saveTimer.unref();
  }

  async #save(): Promise<void> {
    if (this.stateDir === null) return;
    try {
      await mkdir(this.stateDir, { recursive: true });
      const target = join(this.stateDir, fileName);
      // Write then rename: a crash mid-write never leaves half a file.
      await writeFile(`${target}.tmp`, `${JSON.stringify(this.#data)}\n`);
      await rename(`${target}.tmp`, target);
    } catch (error) {
      console.error(`Could not save the last-use record in ${this.stateDir}:`, error);
    }
  }
}
