import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Crawl } from './registry-crawl.js';

/*
 * The last crawl of each registry, in memory and in <stateDir>/registry-crawls/<host>.json so a
 * restart shows it (with its time) until a person asks for a new one. A file that does not read
 * as a crawl is ignored: the registry is simply not crawled yet.
 */

const version = 1;

export class CrawlStore {
  readonly #memory = new Map<string, Crawl | null>();
  #writing: Promise<void> = Promise.resolve();

  constructor(readonly stateDir: string | null) {}

  #file(host: string): string | null {
    if (this.stateDir === null) return null;
    // ":" and "[]" of host:port and IPv6 literals are kept out of file names.
    return join(this.stateDir, 'registry-crawls', `${host.replace(/[^a-z0-9.-]/g, '_')}.json`);
  }

  async get(host: string): Promise<Crawl | null> {
    if (this.#memory.has(host)) return this.#memory.get(host) ?? null;
    const file = this.#file(host);
    let crawl: Crawl | null = null;
    if (file !== null) {
      try {
        const parsed = JSON.parse(await readFile(file, 'utf8')) as {
          version?: number;
          host?: string;
          crawl?: Crawl;
        };
        if (parsed.version === version && parsed.host === host && parsed.crawl !== undefined) {
          crawl = parsed.crawl;
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) {
          throw error;
        }
      }
    }
    if (!this.#memory.has(host)) this.#memory.set(host, crawl);
    return this.#memory.get(host) ?? null;
  }

  async put(host: string, crawl: Crawl): Promise<void> {
    this.#memory.set(host, crawl);
    const file = this.#file(host);
    if (file === null) return;
    const write = async () => {
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify({ version, host, crawl }));
      await rename(`${file}.tmp`, file);
    };
    this.#writing = this.#writing.then(write, write);
    await this.#writing;
  }
}
