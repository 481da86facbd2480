import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../errors.js';
import type { DockerCredentials } from '../registry/credentials.js';
import { registryOfCredentialKey } from '../registry/reference.js';

/*
 * The registries the dashboard shows: those named in the docker config.json (auths and
 * credHelpers; no secret is read for the list) and those a person added, kept in the engine's
 * state directory as registries.json: host names only, never a credential (a registry that
 * needs one is logged in to with `docker login`, which writes config.json).
 */

export interface KnownRegistry {
  host: string;
  source: 'config' | 'user' | 'both';
}

interface RegistriesFile {
  version: 1;
  registries: string[];
}

const fileName = 'registries.json';
const hostPattern =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;

/**
 * "host[:port]" from what a person typed: a URL's scheme, path and trailing slash go, the host
 * is lower-cased, Docker Hub's aliases become docker.io (as the CLI's ConvertToHostname).
 */
export function normalizeRegistryHost(input: string): string {
  const trimmed = input.trim();
  if (/\s/.test(trimmed) || trimmed.includes('@')) {
    throw invalidHost(input);
  }
  const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = registryOfCredentialKey(withoutScheme.split('/')[0] ?? '').toLowerCase();
  const port = /:(\d+)$/.exec(host)?.[1];
  if (
    !hostPattern.test(host) ||
    (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
  ) {
    throw invalidHost(input);
  }
  return host;
}

function invalidHost(input: string): AppError {
  return new BadRequestError(
    'INVALID_REGISTRY',
    `"${input.slice(0, 100)}" is not a registry address: give host[:port] (e.g. ` +
      '"registry.example.com", "127.0.0.1:5000") or its URL.',
  );
}

export class RegistryList {
  #user: string[] | null = null;
  #saving: Promise<void> = Promise.resolve();

  constructor(
    readonly credentials: DockerCredentials,
    readonly stateDir: string | null,
  ) {}

  /** Every registry, config.json's and the added ones, by host. */
  async list(): Promise<KnownRegistry[]> {
    return (await this.listWithNote()).registries;
  }

  /** The list, and why config.json's registries are missing when it cannot be read. */
  async listWithNote(): Promise<{ registries: KnownRegistry[]; configNote: string | null }> {
    let config: string[] = [];
    let configNote: string | null = null;
    try {
      config = await this.credentials.configuredRegistries();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      configNote = error.message;
    }
    const user = await this.#userHosts();
    const hosts = [...new Set([...config, ...user])].sort();
    return {
      registries: hosts.map((host) => ({
        host,
        source: config.includes(host) ? (user.includes(host) ? 'both' : 'config') : 'user',
      })),
      configNote,
    };
  }

  /** Whether the host is one the dashboard knows (config.json or added). */
  async has(host: string): Promise<boolean> {
    return (await this.list()).some((entry) => entry.host === host);
  }

  async add(input: string): Promise<string> {
    const host = normalizeRegistryHost(input);
    const user = await this.#userHosts();
    if (!user.includes(host)) {
      this.#user = [...user, host].sort();
      await this.#save();
    }
    return host;
  }

  async remove(host: string): Promise<void> {
    const user = await this.#userHosts();
    if (!user.includes(host)) {
      const config: string[] = await this.credentials.configuredRegistries().catch(() => []);
      if (config.includes(host)) {
        throw new ConflictError(
          'REGISTRY_FROM_CONFIG',
          `${host} is named in the docker config.json (a login), not added here: remove it ` +
            `with \`docker logout ${host}\`.`,
        );
      }
      throw new NotFoundError('REGISTRY_NOT_FOUND', `No registry ${host} was added.`);
    }
    this.#user = user.filter((entry) => entry !== host);
    await this.#save();
  }

  async #userHosts(): Promise<string[]> {
    if (this.#user !== null) return this.#user;
    let hosts: string[] = [];
    if (this.stateDir !== null) {
      try {
        const parsed = JSON.parse(
          await readFile(join(this.stateDir, fileName), 'utf8'),
        ) as Partial<RegistriesFile>;
        if (parsed.version === 1 && Array.isArray(parsed.registries)) {
          hosts = parsed.registries.filter(
            (host): host is string => typeof host === 'string' && hostPattern.test(host),
          );
        }
      } catch (error) {
        // Missing: none added yet; unreadable JSON: started again rather than trusted.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) {
          throw error;
        }
      }
    }
    this.#user = hosts;
    return hosts;
  }

  /** Written whole to a temp file and renamed, one write at a time. */
  #save(): Promise<void> {
    const stateDir = this.stateDir;
    if (stateDir === null) return Promise.resolve();
    const body: RegistriesFile = { version: 1, registries: this.#user ?? [] };
    const write = async () => {
      await mkdir(stateDir, { recursive: true });
      const temp = join(stateDir, `${fileName}.tmp`);
      await writeFile(temp, `${JSON.stringify(body, null, 2)}\n`);
      await rename(temp, join(stateDir, fileName));
    };
    this.#saving = this.#saving.then(write, write);
    return this.#saving;
  }
}
