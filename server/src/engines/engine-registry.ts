import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EngineList, EngineSummary } from '@footprint/shared';
import type { FastifyBaseLogger } from 'fastify';
import { ConflictError, NotFoundError } from '../errors.js';
import type { EngineConnection } from './engine-connection.js';
import { sourceFields } from './connection/summary.js';
import { endpointKey, type EngineSource } from './engine-source.js';

/** Opens one engine's connection (app-engines.ts: its client, state dir and options). */
export type OpenConnection = (source: EngineSource) => Promise<EngineConnection>;

interface Entry {
  source: EngineSource;
  /** Null while turned off; a rejected promise when it could not be opened (the reason shown). */
  connection: Promise<EngineConnection> | null;
  /** Whether opening it has ended (either way): until then the list shows it as connecting. */
  settled: boolean;
  /** Its last summary while it had no connection to ask (see quietSummary). */
  quiet?: EngineSummary;
}

export interface EngineRegistryOptions {
  open: OpenConnection;
  /** Which engines the person turned off (`{"off": [ids]}`); null: kept in memory only. */
  settingsFile: string | null;
  log: FastifyBaseLogger;
}

/**
 * Every engine the dashboard follows, by its stable ID: the default one (opened by the app
 * before it listens, never closed before the app) and the others, opened in the background as
 * they are found and closed when their context or connection goes away or the person turns them
 * off. Routes ask `get(id)`; a request for one engine can reach no other.
 */
export class EngineRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #off = new Set<string>();
  readonly #default: EngineConnection;
  readonly #options: EngineRegistryOptions;
  #problems: string[] = [];
  #lastList: EngineList | null = null;
  #started = false;
  #closed = false;

  private constructor(defaultConnection: EngineConnection, options: EngineRegistryOptions) {
    this.#default = defaultConnection;
    this.#options = options;
    this.#entries.set(defaultConnection.id, {
      source: defaultConnection.source,
      connection: Promise.resolve(defaultConnection),
      settled: true,
    });
  }

  static async create(
    defaultConnection: EngineConnection,
    options: EngineRegistryOptions,
  ): Promise<EngineRegistry> {
    const registry = new EngineRegistry(defaultConnection, options);
    await registry.#readSettings();
    return registry;
  }

  get default(): EngineConnection {
    return this.#default;
  }

  /** The connection for a route: ENGINE_NOT_FOUND, ENGINE_OFF, or why it could not be opened. */
  async get(id: string): Promise<EngineConnection> {
    const entry = this.#entry(id);
    if (entry.connection === null) {
      throw new ConflictError(
        'ENGINE_OFF',
        `The engine "${entry.source.name}" is turned off; turn it on in the engine list to see it.`,
      );
    }
    return entry.connection;
  }

  /**
   * Follows exactly these sources beside the default one: new IDs are opened, those gone are
   * closed. Called at start and whenever the contexts or connections on disk change.
   */
  async sync(sources: readonly EngineSource[], problems: readonly string[] = []): Promise<void> {
    if (this.#closed) return;
    this.#problems = [...problems];
    // The default engine found again (the CLI's default context is DOCKER_HOST's engine) is the
    // default engine, not a second connection to it.
    const defaultKey = endpointKey(this.#default.source.endpoint);
    const wanted = new Map(
      sources
        .filter((source) => source.id !== this.#default.id)
        .filter((source) => endpointKey(source.endpoint) !== defaultKey)
        .map((source) => [source.id, source]),
    );
    const closing: Promise<void>[] = [];
    for (const [id, entry] of this.#entries) {
      if (id === this.#default.id || wanted.has(id)) continue;
      this.#entries.delete(id);
      closing.push(this.#closeEntry(entry));
    }
    for (const [id, source] of wanted) {
      if (this.#entries.has(id)) continue;
      const entry: Entry = { source, connection: null, settled: false };
      // Opened in the background: the list shows it as connecting meanwhile.
      if (!this.#off.has(id)) void this.#open(entry).catch(() => null);
      this.#entries.set(id, entry);
    }
    await Promise.all(closing);
  }

  /** Turns an engine off (closed, not followed) or on again; the default one cannot be. */
  async setEnabled(id: string, enabled: boolean): Promise<EngineSummary> {
    const entry = this.#entry(id);
    if (id === this.#default.id && !enabled) {
      throw new ConflictError(
        'DEFAULT_ENGINE',
        'The default engine cannot be turned off: the dashboard answers for it when no engine ' +
          'is named. Start the dashboard with another DOCKER_HOST to change which one it is.',
      );
    }
    if (enabled) this.#off.delete(id);
    else this.#off.add(id);
    await this.#writeSettings();
    if (enabled && entry.connection === null) {
      // The answer says how it went: up, or away with the reason.
      await this.#open(entry).catch(() => null);
    }
    if (!enabled && entry.connection !== null) {
      const closing = this.#closeEntry(entry);
      entry.connection = null;
      await closing;
    }
    return this.#summary(entry);
  }

  /** The all-engines overview: every engine with its status and last figures. */
  async list(): Promise<EngineList> {
    const engines = await Promise.all([...this.#entries.values()].map((e) => this.#summary(e)));
    // The same object while every summary and the problems are (serialized once, routes).
    const last = this.#lastList;
    if (
      last !== null &&
      last.problems === this.#problems &&
      last.engines.length === engines.length &&
      last.engines.every((summary, index) => summary === engines[index])
    ) {
      return last;
    }
    this.#lastList = { engines, defaultEngineId: this.#default.id, problems: this.#problems };
    return this.#lastList;
  }

  /** Follows every engine opened so far and each one opened from now on. */
  async start(): Promise<void> {
    this.#started = true;
    await Promise.all(
      [...this.#entries.values()].map(async (entry) => {
        const connection = await entry.connection?.catch(() => null);
        await connection?.start();
      }),
    );
  }

  /** Closes every connection but the default one (the app closes that last, itself). */
  async close(): Promise<void> {
    this.#closed = true;
    const others = [...this.#entries].filter(([id]) => id !== this.#default.id);
    await Promise.all(others.map(([, entry]) => this.#closeEntry(entry)));
  }

  #entry(id: string): Entry {
    const entry = this.#entries.get(id);
    if (entry === undefined) {
      throw new NotFoundError(
        'ENGINE_NOT_FOUND',
        `No engine "${id}" is followed here; GET /api/engines lists those that are.`,
      );
    }
    return entry;
  }

  #open(entry: Entry): Promise<EngineConnection> {
    const { source } = entry;
    entry.settled = false;
    const opening = this.#options.open(source).then(async (connection) => {
      if (this.#started) await connection.start();
      return connection;
    });
    entry.connection = opening;
    opening.then(
      () => {
        if (entry.connection === opening) entry.settled = true;
      },
      (error: unknown) => {
        if (entry.connection === opening) entry.settled = true;
        this.#options.log.warn(
          { err: error, engine: source.name },
          'an engine could not be opened',
        );
      },
    );
    return opening;
  }

  async #closeEntry(entry: Entry): Promise<void> {
    const connection = await entry.connection?.catch(() => null);
    await connection
      ?.close()
      .catch((error: unknown) =>
        this.#options.log.warn(
          { err: error, engine: entry.source.name },
          'closing an engine failed',
        ),
      );
  }

  async #summary(entry: Entry): Promise<EngineSummary> {
    if (entry.connection === null) {
      return quietSummary(entry, 'off', 'Turned off: not followed until it is turned on again.');
    }
    if (!entry.settled) {
      return quietSummary(entry, 'connecting', 'Connecting: it has not answered yet.');
    }
    try {
      return await (await entry.connection).summary();
    } catch (error) {
      return quietSummary(entry, 'away', messageOf(error));
    }
  }

  async #readSettings(): Promise<void> {
    const file = this.#options.settingsFile;
    if (file === null) return;
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { off?: unknown };
      if (Array.isArray(parsed.off)) {
        for (const id of parsed.off) if (typeof id === 'string') this.#off.add(id);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        this.#options.log.warn({ err: error }, `the engine settings in ${file} were not read`);
      }
    }
  }

  async #writeSettings(): Promise<void> {
    const file = this.#options.settingsFile;
    if (file === null) return;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, `${JSON.stringify({ off: [...this.#off].sort() }, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An engine with no connection to ask (off, still connecting, or failed to open): what its
 * source says, the same object while its status and message are.
 */
function quietSummary(
  entry: Entry,
  status: 'off' | 'connecting' | 'away',
  message: string,
): EngineSummary {
  const kept = entry.quiet;
  if (kept?.status === status && kept.message === message) return kept;
  const { source } = entry;
  entry.quiet = {
    ...sourceFields(source),
    default: false,
    enabled: status !== 'off',
    status,
    message,
    lastSeenAt: null,
    version: null,
    backend: null,
    dataRoot: null,
    diskMeasured: false,
    diskReason: null,
    totals: null,
  };
  return entry.quiet;
}
