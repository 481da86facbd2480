/**
 * Docker contexts, read exactly where and as the docker CLI keeps them (docker/cli, read for this,
 * not copied):
 * - the config dir is $DOCKER_CONFIG, else ~/.docker (cli/config/config.go); config.json's
 *   `currentContext` names the current context;
 * - a context's metadata is contexts/meta/<sha256 hex of its name>/meta.json, `{ Name, Metadata,
 *   Endpoints: { docker: { Host, SkipTLSVerify } } }` (cli/context/store/store.go contextdirOf,
 *   metadatastore.go); the CLI lists every directory under meta/ that holds a meta.json;
 * - its TLS material is contexts/tls/<same id>/docker/{ca,cert,key}.pem, each optional
 *   (tlsstore.go); TLS is used for a non-socket host when any file is there or SkipTLSVerify is
 *   set (cli/context/docker/load.go tlsConfig, isSocket);
 * - the implicit `default` context is DOCKER_HOST, else unix:///var/run/docker.sock, with TLS when
 *   DOCKER_TLS or DOCKER_TLS_VERIFY is non-empty, verification when DOCKER_TLS_VERIFY is, files
 *   from DOCKER_CERT_PATH else the config dir, cert and key dropped when absent
 *   (cli/flags/options.go SetDefaultOptions; cli/command/cli.go resolveDefaultDockerEndpoint);
 * - the current context: DOCKER_HOST set -> `default`; else DOCKER_CONTEXT; else config.json's
 *   currentContext; else `default` (cli/command/cli.go resolveContextName).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  EndpointError,
  type EngineTls,
  type FoundEngine,
  parseEndpoint,
} from '../engine-source.js';
import { type DirectoryWatcher, type WatchOptions, watchDirectories } from './watch-directories.js';

export const defaultContextName = 'default';
const defaultDockerHost = 'unix:///var/run/docker.sock';
// cli/command/cli.go resolveDefaultDockerEndpoint -> opts.ParseHost(defaultToTLS=true, ""):
// with TLS asked for and no DOCKER_HOST the CLI dials tcp://localhost:2376 (opts/hosts.go).
const defaultTlsHost = 'tcp://localhost:2376';

export interface DockerContexts {
  /** Named contexts from contexts/meta, in name order. */
  contexts: FoundEngine[];
  /** The implicit `default` context (null when its DOCKER_HOST cannot be parsed). */
  defaultContext: FoundEngine | null;
  /** True when nothing configures `default`: no DOCKER_HOST, DOCKER_TLS or DOCKER_TLS_VERIFY. */
  defaultIsImplicit: boolean;
  /** The current context's name, as the CLI resolves it (it may name a missing context). */
  currentContext: string;
  /** Files or entries that could not be used, each with what is wrong; the rest still counts. */
  problems: string[];
}

/** $DOCKER_CONFIG, else ~/.docker (docker/cli cli/config/config.go). */
export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG?.trim() || join(env.HOME || homedir(), '.docker');
}

/** The directory name a context's files live under: the sha256 hex of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

const nonEmpty = (value: string | undefined): boolean => value !== undefined && value !== '';

/** Reads every docker context in `configDir` (default: dockerConfigDir(env)). */
export async function readDockerContexts(
  env: NodeJS.ProcessEnv,
  configDir: string = dockerConfigDir(env),
): Promise<DockerContexts> {
  const problems: string[] = [];
  const configFile = join(configDir, 'config.json');
  const config = await readJson(configFile, problems);
  const configured =
    isRecord(config) && typeof config.currentContext === 'string' ? config.currentContext : '';

  let currentContext = defaultContextName;
  let currentFrom = '';
  if (nonEmpty(env.DOCKER_HOST)) currentContext = defaultContextName;
  else if (nonEmpty(env.DOCKER_CONTEXT)) {
    currentContext = env.DOCKER_CONTEXT ?? defaultContextName;
    currentFrom = 'DOCKER_CONTEXT';
  } else if (configured !== '') {
    currentContext = configured;
    currentFrom = `currentContext in ${configFile}`;
  }

  const contexts: FoundEngine[] = [];
  const metaRoot = join(configDir, 'contexts', 'meta');
  for (const dir of await metaDirectories(metaRoot, problems)) {
    const found = await readContext(configDir, join(metaRoot, dir), currentContext, problems);
    if (found !== null) contexts.push(found);
  }
  contexts.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));

  const defaultIsImplicit = ![env.DOCKER_HOST, env.DOCKER_TLS, env.DOCKER_TLS_VERIFY].some(
    nonEmpty,
  );
  const defaultContext = readDefaultContext(env, configDir, currentContext, problems);
  if (
    currentContext !== defaultContextName &&
    !contexts.some((context) => context.name === currentContext)
  ) {
    problems.push(
      `The current docker context "${currentContext}" (${currentFrom}) does not exist: ` +
        `\`docker context ls\` lists the contexts there are.`,
    );
  }
  return { contexts, defaultContext, defaultIsImplicit, currentContext, problems };
}

function readDefaultContext(
  env: NodeJS.ProcessEnv,
  configDir: string,
  currentContext: string,
  problems: string[],
): FoundEngine | null {
  const tls = tlsFromEnvironment(env, configDir);
  const host = env.DOCKER_HOST?.trim() || (tls !== null ? defaultTlsHost : defaultDockerHost);
  try {
    return {
      name: defaultContextName,
      kind: 'docker',
      origin: 'docker-host',
      endpoint: withTls(parseEndpoint(host), tls),
      current: currentContext === defaultContextName,
    };
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    problems.push(`DOCKER_HOST: ${error.message}`);
    return null;
  }
}

/**
 * TLS for an address given outside a context (DOCKER_HOST, or a URL in FOOTPRINT_ENGINES), as the
 * CLI takes it for -H: on when DOCKER_TLS or DOCKER_TLS_VERIFY is non-empty, verified when
 * DOCKER_TLS_VERIFY is, files from DOCKER_CERT_PATH else the config dir, each only if present.
 */
export function tlsFromEnvironment(env: NodeJS.ProcessEnv, configDir: string): EngineTls | null {
  if (!nonEmpty(env.DOCKER_TLS) && !nonEmpty(env.DOCKER_TLS_VERIFY)) return null;
  const certDir = env.DOCKER_CERT_PATH || configDir;
  const present = (file: string) => (existsSync(join(certDir, file)) ? join(certDir, file) : null);
  return {
    caPath: present('ca.pem'),
    certPath: present('cert.pem'),
    keyPath: present('key.pem'),
    verify: nonEmpty(env.DOCKER_TLS_VERIFY),
  };
}

async function readContext(
  configDir: string,
  dir: string,
  currentContext: string,
  problems: string[],
): Promise<FoundEngine | null> {
  const metaFile = join(dir, 'meta.json');
  const meta = await readJson(metaFile, problems);
  if (!isRecord(meta) || typeof meta.Name !== 'string' || meta.Name === '') {
    if (meta !== undefined) problems.push(`${metaFile} has no context Name.`);
    return null;
  }
  const name = meta.Name;
  const endpoints = isRecord(meta.Endpoints) ? meta.Endpoints : {};
  const docker = endpoints.docker;
  if (!isRecord(docker) || typeof docker.Host !== 'string' || docker.Host === '') {
    problems.push(`The docker context "${name}" has no docker endpoint Host (${metaFile}).`);
    return null;
  }
  const skipTlsVerify = docker.SkipTLSVerify === true;
  const tlsDir = join(configDir, 'contexts', 'tls', contextDirName(name), 'docker');
  const present = async (file: string) =>
    (await isFile(join(tlsDir, file))) ? join(tlsDir, file) : null;
  const files = {
    caPath: await present('ca.pem'),
    certPath: await present('cert.pem'),
    keyPath: await present('key.pem'),
  };
  const anyFile = files.caPath !== null || files.certPath !== null || files.keyPath !== null;
  try {
    const endpoint = parseEndpoint(docker.Host);
    const tls = anyFile || skipTlsVerify ? { ...files, verify: !skipTlsVerify } : null;
    return {
      name,
      kind: 'docker',
      origin: 'docker-context',
      endpoint: withTls(endpoint, tls),
      current: name === currentContext,
    };
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    problems.push(`The docker context "${name}": ${error.message}`);
    return null;
  }
}

/** TLS belongs to tcp only: a socket or an ssh tunnel ignores it, as the CLI's isSocket does. */
export function withTls(endpoint: FoundEngine['endpoint'], tls: EngineTls | null) {
  if (endpoint.transport !== 'tcp' || tls === null) return endpoint;
  return { ...endpoint, tls };
}

/** Every directory under meta/ that holds a meta.json, at any depth (metadatastore.go). */
async function metaDirectories(root: string, problems: string[], prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, prefix), { withFileTypes: true });
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') {
      problems.push(`The docker contexts in ${root} cannot be listed: ${message(error)}`);
    }
    return [];
  }
  const found: string[] = [];
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(prefix, entry.name);
    if (await isFile(join(root, dir, 'meta.json'))) found.push(dir);
    found.push(...(await metaDirectories(root, problems, dir)));
  }
  return found;
}

async function readJson(path: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') problems.push(`${path} cannot be read: ${message(error)}`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${path} is not valid JSON: ${message(error)}`);
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorCode(error: unknown): string | undefined {
  return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Calls `onChange` (debounced) when config.json or a context may have changed: it watches the
 * config dir (config.json is replaced there), contexts/, contexts/meta/ and each context's own
 * directory, with or without its meta.json yet (the CLI makes the directory first and writes
 * meta.json into it: metadatastore.go createOrUpdate). Works before the config dir exists.
 */
export function watchDockerContexts(
  dir: string,
  onChange: () => void | Promise<void>,
  options: WatchOptions = {},
): DirectoryWatcher {
  return watchDirectories(() => dockerWatchDirectories(dir), onChange, options);
}

/** The directories whose changes may change the contexts in config dir `dir`. */
export function dockerWatchDirectories(dir: string): string[] {
  const metaRoot = join(dir, 'contexts', 'meta');
  return [dir, join(dir, 'contexts'), metaRoot, ...contextDirs(metaRoot)];
}

function contextDirs(metaRoot: string): string[] {
  try {
    return readdirSync(metaRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(metaRoot, entry.name));
  } catch {
    return [];
  }
}
