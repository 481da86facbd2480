import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AppError } from '../errors.js';
import { credentialKey, registryOfCredentialKey } from './reference.js';

/**
 * Registry credentials found as the docker CLI finds them (cli/config/configfile/file.go):
 * `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; `credHelpers[key]` first, then
 * `credsStore`, then `auths`. The dashboard stores none itself and never sends one to the
 * browser; the engine gets them only in a pull's X-Registry-Auth (toEngineAuthConfig).
 */
export type RegistryCredential =
  { kind: 'basic'; username: string; password: string } | { kind: 'identity-token'; token: string };

interface ConfigFile {
  auths?: Record<
    string,
    { auth?: string; identitytoken?: string; username?: string; password?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** How long a credential helper may take (a keychain prompt would hang forever otherwise). */
const helperTimeoutMs = 15_000;

/**
 * A credential whose secret stays out of JSON.stringify (pino's serializers use it), util.inspect
 * and object spreads: the secret is a non-enumerable property.
 */
function hidden(
  visible: { kind: RegistryCredential['kind']; username?: string },
  secretKey: 'password' | 'token',
  secret: string,
): RegistryCredential {
  const credential = { ...visible } as RegistryCredential;
  Object.defineProperty(credential, secretKey, { value: secret, enumerable: false });
  Object.defineProperty(credential, 'toJSON', {
    value: () => ({ ...visible, [secretKey]: '[hidden]' }),
    enumerable: false,
  });
  Object.defineProperty(credential, inspect.custom, {
    value: () => `RegistryCredential(${visible.kind})`,
    enumerable: false,
  });
  return credential;
}

export function basicCredential(username: string, password: string): RegistryCredential {
  return hidden({ kind: 'basic', username }, 'password', password);
}

export function identityTokenCredential(token: string): RegistryCredential {
  return hidden({ kind: 'identity-token' }, 'token', token);
}

/**
 * How long a registry's credential is kept in memory: a helper runs a process (and may ask a
 * keychain) per call, and a Basic registry needs the credential on every request. A new
 * `docker login` is seen within this time.
 */
const keepMs = 30_000;

export class DockerCredentials {
  readonly configDir: string;
  readonly #kept = new Map<
    string,
    { at: number; credential: Promise<RegistryCredential | null> }
  >();

  constructor(opts: { configDir: string | null }) {
    this.configDir = opts.configDir ?? (process.env.DOCKER_CONFIG || join(homedir(), '.docker'));
  }

  get configPath(): string {
    return join(this.configDir, 'config.json');
  }

  /** The credential for a registry (`docker.io`, `host:port`), or null when none is configured. */
  get(registry: string): Promise<RegistryCredential | null> {
    const kept = this.#kept.get(registry);
    if (kept !== undefined && Date.now() - kept.at < keepMs) return kept.credential;
    const credential = this.#find(registry);
    this.#kept.set(registry, { at: Date.now(), credential });
    // A failure (a helper that is broken now) is not kept: the next call asks again.
    credential.catch(() => this.#kept.delete(registry));
    return credential;
  }

  async #find(registry: string): Promise<RegistryCredential | null> {
    const config = await this.#read();
    const key = credentialKey(registry);
    const helper = config.credHelpers?.[key];
    if (helper !== undefined && helper !== '') {
      const found = await runHelper(helper, key);
      if (found !== null) return found;
    }
    if (config.credsStore !== undefined && config.credsStore !== '') {
      const found = await runHelper(config.credsStore, key);
      if (found !== null) return found;
    }
    return fromAuths(config, key);
  }

  /** Registries named in auths and credHelpers (Hub as `docker.io`); no secret is read. */
  async configuredRegistries(): Promise<string[]> {
    const config = await this.#read();
    const keys = [...Object.keys(config.auths ?? {}), ...Object.keys(config.credHelpers ?? {})];
    return [...new Set(keys.map(registryOfCredentialKey))].sort();
  }

  async #read(): Promise<ConfigFile> {
    let text: string;
    try {
      text = await readFile(this.configPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError(
        500,
        'DOCKER_CONFIG_UNREADABLE',
        `The docker config ${this.configPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check its permissions, or set FOOTPRINT_DOCKER_CONFIG.`,
      );
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
      return parsed as ConfigFile;
    } catch {
      // The parser's message may quote the file, secrets included: only the path is named.
      throw new AppError(
        500,
        'DOCKER_CONFIG_UNREADABLE',
        `The docker config ${this.configPath} is not valid JSON: fix or remove it, or set FOOTPRINT_DOCKER_CONFIG.`,
      );
    }
  }
}

/** auths[key], else the first entry whose key names the same host (the CLI's file store). */
function fromAuths(config: ConfigFile, key: string): RegistryCredential | null {
  const auths = config.auths ?? {};
  const registry = registryOfCredentialKey(key);
  const entry =
    auths[key] ??
    Object.entries(auths).find(([other]) => registryOfCredentialKey(other) === registry)?.[1];
  if (entry === undefined) return null;
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    return identityTokenCredential(entry.identitytoken);
  }
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return null;
    return basicCredential(decoded.slice(0, colon), decoded.slice(colon + 1));
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') {
    return basicCredential(entry.username, entry.password);
  }
  return null;
}

/**
 * `docker-credential-<name> get` with the server URL on stdin (docker-credential-helpers'
 * protocol): JSON {ServerURL, Username, Secret} on stdout; "credentials not found" means none.
 * Username `<token>` marks an identity token, as the CLI reads it.
 */
async function runHelper(name: string, serverUrl: string): Promise<RegistryCredential | null> {
  const program = `docker-credential-${name}`;
  const { stdout, failure } = await new Promise<{ stdout: string; failure: string | null }>(
    (resolve) => {
      const child = execFile(
        program,
        ['get'],
        { timeout: helperTimeoutMs, maxBuffer: 1 << 20, env: process.env },
        (error, out) => {
          if (error === null) return resolve({ stdout: out, failure: null });
          const code = (error as NodeJS.ErrnoException).code;
          resolve({
            stdout: out,
            failure:
              code === 'ENOENT'
                ? `${program} is not installed or not on PATH`
                : error.killed
                  ? `${program} did not answer within ${helperTimeoutMs / 1000} s`
                  : `${program} exited with status ${String(code ?? error.signal)}`,
          });
        },
      );
      child.stdin?.on('error', () => {});
      child.stdin?.end(serverUrl);
    },
  );
  if (failure !== null) {
    if (/credentials not found/i.test(stdout)) return null;
    // The helper's own output is not quoted: a broken helper might print what it holds.
    throw new AppError(
      502,
      'CREDENTIAL_HELPER_FAILED',
      `The docker credential helper for ${serverUrl} failed: ${failure}. Fix the helper or ` +
        'the credsStore/credHelpers entry in the docker config.',
    );
  }
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(stdout) as typeof answer;
  } catch {
    throw new AppError(
      502,
      'CREDENTIAL_HELPER_FAILED',
      `The docker credential helper ${program} did not answer JSON for ${serverUrl}.`,
    );
  }
  if (typeof answer.Secret !== 'string' || answer.Secret === '') return null;
  if (answer.Username === '<token>') return identityTokenCredential(answer.Secret);
  return basicCredential(typeof answer.Username === 'string' ? answer.Username : '', answer.Secret);
}

/**
 * The AuthConfig the engine reads from X-Registry-Auth (Engine API /images/create), which
 * dockerode's `authconfig` option encodes. For the engine only: it holds the secret.
 */
export function toEngineAuthConfig(
  cred: RegistryCredential,
  registry: string,
): { username?: string; password?: string; identitytoken?: string; serveraddress: string } {
  const serveraddress = credentialKey(registry);
  return cred.kind === 'basic'
    ? { username: cred.username, password: cred.password, serveraddress }
    : { identitytoken: cred.token, serveraddress };
}
