/**
 * Podman's engines: its connections and its service sockets, read where Podman keeps them
 * (containers/common pkg/config, read for this, not copied):
 * - Podman 4.7+ and 5 keep connections in podman-connections.json beside the user's
 *   containers.conf ($XDG_CONFIG_HOME/containers/, else ~/.config/containers/; root too), or at
 *   $PODMAN_CONNECTIONS_CONF: `{ Connection: { Default, Connections: { <name>: { URI, Identity,
 *   IsMachine } } } }` (connections.go). A name there overrides the same name in containers.conf.
 * - Older Podman (Debian 12's 4.3) keeps them in containers.conf, `[engine] active_service` and
 *   `[engine.service_destinations.<name>] uri, identity`; it writes the file $CONTAINERS_CONF
 *   names, else the user's file (rootless) or /etc/containers/containers.conf (root). The files
 *   are read in containers/common's order, later ones overriding: /usr/share/containers, /etc/
 *   containers, their containers.conf.d/*.conf, the user's file and its .d; $CONTAINERS_CONF
 *   alone replaces them all; $CONTAINERS_CONF_OVERRIDE comes last.
 * - The default connection is podman-connections.json's Default, else active_service;
 *   $CONTAINER_CONNECTION names another, and $CONTAINER_HOST (with $CONTAINER_SSHKEY) an address
 *   of its own (podman(1), ENVIRONMENT).
 * - The service sockets `podman system service` listens on by default: /run/podman/podman.sock
 *   (rootful, named "podman") and $XDG_RUNTIME_DIR/podman/podman.sock (rootless, "podman-user"),
 *   listed only when the socket is there.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { EndpointError, type FoundEngine, parseEndpoint } from '../engine-source.js';

export interface PodmanConnections {
  /** Named connections, in name order. */
  connections: FoundEngine[];
  /** $CONTAINER_HOST and the default service sockets that exist. */
  others: FoundEngine[];
  /** The default connection's name, or null. */
  defaultConnection: string | null;
  problems: string[];
}

export interface PodmanOptions {
  /** The user's containers config dir (default: podmanConfigDir(env)). */
  configDir?: string;
  /** The system containers.conf files and .d dirs (default: /usr/share and /etc). Tests pass []. */
  systemConfigPaths?: string[];
  /** Default service sockets to look for (default: rootful, then $XDG_RUNTIME_DIR's). */
  sockets?: { name: string; path: string }[];
}

/** $XDG_CONFIG_HOME/containers, else ~/.config/containers (containers/common userConfigPath). */
export function podmanConfigDir(env: NodeJS.ProcessEnv): string {
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(configHome, 'containers');
}

const systemPaths = ['/usr/share/containers/containers.conf', '/etc/containers/containers.conf'];

export function defaultPodmanSockets(env: NodeJS.ProcessEnv): { name: string; path: string }[] {
  const sockets = [{ name: 'podman', path: '/run/podman/podman.sock' }];
  if (env.XDG_RUNTIME_DIR) {
    sockets.push({ name: 'podman-user', path: join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock') });
  }
  return sockets;
}

interface Destination {
  uri: string;
  identity: string | null;
  from: string;
}

export async function readPodmanConnections(
  env: NodeJS.ProcessEnv,
  options: PodmanOptions = {},
): Promise<PodmanConnections> {
  const problems: string[] = [];
  const configDir = options.configDir ?? podmanConfigDir(env);
  const destinations = new Map<string, Destination>();
  let activeService = '';

  for (const file of await containersConfFiles(env, configDir, options.systemConfigPaths)) {
    const engine = await readEngineTable(file, problems);
    if (engine === null) continue;
    if (typeof engine.active_service === 'string' && engine.active_service !== '') {
      activeService = engine.active_service;
    }
    const table = engine.service_destinations;
    if (!isRecord(table)) continue;
    for (const [name, value] of Object.entries(table)) {
      if (isRecord(value) && typeof value.uri === 'string') {
        const identity =
          typeof value.identity === 'string' && value.identity ? value.identity : null;
        destinations.set(name, { uri: value.uri, identity, from: file });
      } else {
        problems.push(`${file}: the connection "${name}" has no uri.`);
      }
    }
  }

  const jsonFile = env.PODMAN_CONNECTIONS_CONF || join(configDir, 'podman-connections.json');
  const json = await readConnectionsJson(jsonFile, problems);
  for (const [name, value] of Object.entries(json.connections)) {
    if (isRecord(value) && typeof value.URI === 'string') {
      const identity = typeof value.Identity === 'string' && value.Identity ? value.Identity : null;
      destinations.set(name, { uri: value.URI, identity, from: jsonFile });
    } else {
      problems.push(`${jsonFile}: the connection "${name}" has no URI.`);
    }
  }
  const defaultConnection = json.defaultName || activeService || null;
  const containerHost = env.CONTAINER_HOST?.trim() || '';
  const current = env.CONTAINER_CONNECTION || (containerHost === '' ? defaultConnection : null);
  if (current !== null && !destinations.has(current)) {
    problems.push(
      `The Podman connection "${current}" (${env.CONTAINER_CONNECTION ? 'CONTAINER_CONNECTION' : 'the default'}) ` +
        'does not exist: `podman system connection list` lists the connections there are.',
    );
  }

  const connections: FoundEngine[] = [];
  for (const [name, destination] of destinations) {
    try {
      connections.push({
        name,
        kind: 'podman',
        origin: 'podman-connection',
        endpoint: parseEndpoint(destination.uri, null, destination.identity),
        current: name === current,
      });
    } catch (error) {
      if (!(error instanceof EndpointError)) throw error;
      problems.push(`The Podman connection "${name}" (${destination.from}): ${error.message}`);
    }
  }
  connections.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));

  const others: FoundEngine[] = [];
  if (containerHost !== '' && !env.CONTAINER_CONNECTION) {
    try {
      const identity = env.CONTAINER_SSHKEY || null;
      others.push({
        name: 'CONTAINER_HOST',
        kind: 'podman',
        origin: 'env',
        endpoint: parseEndpoint(containerHost, null, identity),
        current: true,
      });
    } catch (error) {
      if (!(error instanceof EndpointError)) throw error;
      problems.push(`CONTAINER_HOST: ${error.message}`);
    }
  }
  for (const socket of options.sockets ?? defaultPodmanSockets(env)) {
    if (!(await isSocket(socket.path))) continue;
    others.push({
      name: socket.name,
      kind: 'podman',
      origin: 'podman-socket',
      endpoint: parseEndpoint(`unix://${socket.path}`),
      current: false,
    });
  }
  return { connections, others, defaultConnection, problems };
}

/**
 * The directories whose changes may change what readPodmanConnections finds: the config files'
 * directories (files are replaced there, not written in place) and the sockets' directories.
 */
export function podmanWatchDirectories(
  env: NodeJS.ProcessEnv,
  options: PodmanOptions = {},
): string[] {
  const configDir = options.configDir ?? podmanConfigDir(env);
  const files = env.CONTAINERS_CONF
    ? [env.CONTAINERS_CONF]
    : [...(options.systemConfigPaths ?? systemPaths), join(configDir, 'containers.conf')];
  const dirs = files.flatMap((file) => [dirname(file), `${file}.d`]);
  for (const file of [env.CONTAINERS_CONF_OVERRIDE, env.PODMAN_CONNECTIONS_CONF]) {
    if (file) dirs.push(dirname(file));
  }
  dirs.push(configDir);
  for (const socket of options.sockets ?? defaultPodmanSockets(env))
    dirs.push(dirname(socket.path));
  return [...new Set(dirs)];
}

/** The containers.conf files Podman reads, in order (containers/common pkg/config/new.go). */
async function containersConfFiles(
  env: NodeJS.ProcessEnv,
  configDir: string,
  systemConfigPaths: string[] = systemPaths,
): Promise<string[]> {
  const files: string[] = [];
  if (env.CONTAINERS_CONF) files.push(env.CONTAINERS_CONF);
  else {
    for (const path of [...systemConfigPaths, join(configDir, 'containers.conf')]) {
      files.push(path);
      files.push(...(await confDirectory(`${path}.d`)));
    }
  }
  if (env.CONTAINERS_CONF_OVERRIDE) files.push(env.CONTAINERS_CONF_OVERRIDE);
  return files;
}

async function confDirectory(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names
      .filter((name) => name.endsWith('.conf'))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

async function readEngineTable(
  file: string,
  problems: string[],
): Promise<Record<string, unknown> | null> {
  const text = await readText(file, problems);
  if (text === null) return null;
  try {
    const engine = parseToml(text).engine;
    return isRecord(engine) ? engine : null;
  } catch (error) {
    problems.push(`${file} is not valid TOML: ${message(error)}`);
    return null;
  }
}

async function readConnectionsJson(
  file: string,
  problems: string[],
): Promise<{ defaultName: string; connections: Record<string, unknown> }> {
  const none = { defaultName: '', connections: {} };
  const text = await readText(file, problems);
  if (text === null) return none;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problems.push(`${file} is not valid JSON: ${message(error)}`);
    return none;
  }
  const connection = isRecord(parsed) && isRecord(parsed.Connection) ? parsed.Connection : {};
  return {
    defaultName: typeof connection.Default === 'string' ? connection.Default : '',
    connections: isRecord(connection.Connections) ? connection.Connections : {},
  };
}

async function readText(file: string, problems: string[]): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = isRecord(error) ? error.code : undefined;
    if (code !== 'ENOENT') problems.push(`${file} cannot be read: ${message(error)}`);
    return null;
  }
}

async function isSocket(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isSocket();
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
