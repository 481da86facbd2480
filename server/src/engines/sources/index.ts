/**
 * Every engine the person has configured, merged into one list: the docker CLI's `default`
 * context and named contexts, then Podman's connections, $CONTAINER_HOST and service sockets.
 * The same engine found twice (a context and a connection on one socket; /var/run/docker.sock
 * and /run/docker.sock) is one engine: the first found keeps its name, the others become its
 * aliases, it is Podman if any finder says so (a Podman connection or socket is Podman's
 * service whatever a context calls it), and current if any finder says so.
 *
 * FOOTPRINT_ENGINES restricts the set (unset or blank: every engine found). It is a comma list:
 *
 *   entry  = [kind ":"] target                       kind = docker | podman
 *   target = NAME                                    a docker context ("default" included), a
 *                                                    Podman connection, or a Podman socket
 *                                                    ("podman", "podman-user"), by name or alias
 *          | [LABEL "="] URL                         unix:///path, /path, tcp://host:port,
 *                                                    ssh://user@host[:port], npipe://...
 *
 * e.g. `FOOTPRINT_ENGINES=default,podman:build-box,staging=tcp://10.0.0.5:2376`. The kind narrows
 * a name found under both tools; a URL entry's kind is its kind (docker if none), its name its
 * LABEL (else the URL), and a tcp URL takes TLS as DOCKER_HOST does (DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH): for TLS material of its own, make it a docker context and name that. A URL
 * that is an engine already found is that engine. The list's order is the engines' order.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  EndpointError,
  endpointKey,
  type EngineKind,
  type EngineSource,
  type FoundEngine,
  makeEngineSource,
  parseEndpoint,
} from '../engine-source.js';
import {
  dockerConfigDir as defaultDockerConfigDir,
  dockerWatchDirectories,
  readDockerContexts,
  tlsFromEnvironment,
  withTls,
} from './docker-contexts.js';
import {
  type PodmanOptions,
  podmanWatchDirectories,
  readPodmanConnections,
} from './podman-connections.js';
import { type DirectoryWatcher, type WatchOptions, watchDirectories } from './watch-directories.js';

export type EngineSelector =
  | { kind: EngineKind | null; name: string }
  | { kind: EngineKind | null; url: string; label: string | null };

export class EngineSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineSettingsError';
  }
}

/** Parses FOOTPRINT_ENGINES; null when it is unset or blank (every engine). Throws on bad syntax. */
export function parseEngineSettings(value: string | undefined): EngineSelector[] | null {
  if (value === undefined || value.trim() === '') return null;
  const selectors: EngineSelector[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') {
      throw new EngineSettingsError(
        `FOOTPRINT_ENGINES has an empty entry ("${value}"): write names or URLs between the commas.`,
      );
    }
    const kindMatch = /^(docker|podman):(?!\/\/)(.*)$/.exec(entry);
    const kind = (kindMatch?.[1] as EngineKind | undefined) ?? null;
    let target = (kindMatch?.[2] ?? entry).trim();
    let label: string | null = null;
    const labelMatch = /^([^=:/\s]+)=(.+)$/.exec(target);
    if (labelMatch?.[1] !== undefined && labelMatch[2] !== undefined) {
      label = labelMatch[1];
      target = labelMatch[2].trim();
    }
    if (target.includes('://') || target.startsWith('/')) {
      try {
        parseEndpoint(target);
      } catch (error) {
        if (error instanceof EndpointError) {
          throw new EngineSettingsError(`FOOTPRINT_ENGINES: ${error.message}`);
        }
        throw error;
      }
      selectors.push({ kind, url: target, label });
    } else if (label !== null) {
      throw new EngineSettingsError(
        `FOOTPRINT_ENGINES entry "${entry}": a LABEL= goes before a URL (unix://, tcp://, ssh://), not before a name.`,
      );
    } else if (target === '' || /\s/.test(target)) {
      throw new EngineSettingsError(
        `FOOTPRINT_ENGINES entry "${entry}" is neither a name nor a URL.`,
      );
    } else {
      selectors.push({ kind, name: target });
    }
  }
  return selectors;
}

export interface DiscoverOptions {
  env: NodeJS.ProcessEnv;
  /** Default: $DOCKER_CONFIG, else ~/.docker. */
  dockerConfigDir?: string;
  /** Default: $XDG_CONFIG_HOME/containers, else ~/.config/containers. */
  podmanConfigDir?: string;
  /** FOOTPRINT_ENGINES's value (default: env.FOOTPRINT_ENGINES). */
  settings?: string;
  /** The system containers.conf paths and the default sockets (tests keep the machine's out). */
  podman?: Pick<PodmanOptions, 'systemConfigPaths' | 'sockets'>;
}

export interface DiscoveredEngines {
  engines: EngineSource[];
  /** What was found but cannot be used, and names FOOTPRINT_ENGINES gives that match nothing. */
  problems: string[];
}

interface Merged {
  found: FoundEngine;
  kind: EngineKind;
  current: boolean;
  names: string[];
  weakDefault: boolean;
}

/** Finds, merges and (with FOOTPRINT_ENGINES) selects the engines. Throws EngineSettingsError. */
export async function discoverEngines(options: DiscoverOptions): Promise<DiscoveredEngines> {
  const { env } = options;
  const selectors = parseEngineSettings(options.settings ?? env.FOOTPRINT_ENGINES);
  const dockerDir = options.dockerConfigDir ?? defaultDockerConfigDir(env);
  const [docker, podman] = await Promise.all([
    readDockerContexts(env, dockerDir),
    readPodmanConnections(env, { ...options.podman, configDir: options.podmanConfigDir }),
  ]);
  const problems = [...docker.problems, ...podman.problems];

  const merged = new Map<string, Merged>();
  const add = (found: FoundEngine, weakDefault = false): Merged => {
    const key = endpointKey(found.endpoint, resolvedSocket(found.endpoint.socketPath, found));
    const existing = merged.get(key);
    if (existing === undefined) {
      const entry = {
        found,
        kind: found.kind,
        current: found.current,
        names: [found.name],
        weakDefault,
      };
      merged.set(key, entry);
      return entry;
    }
    if (found.kind === 'podman') existing.kind = 'podman';
    existing.current ||= found.current;
    existing.weakDefault &&= weakDefault;
    if (!existing.names.includes(found.name)) existing.names.push(found.name);
    return existing;
  };
  if (docker.defaultContext !== null) {
    // The implicit default (no DOCKER_HOST) is kept when its socket is there or nothing else is
    // found, so a machine with one engine behaves as before and a Podman-only one shows no
    // docker engine that never existed.
    add(docker.defaultContext, docker.defaultIsImplicit);
  }
  for (const found of [...docker.contexts, ...podman.connections, ...podman.others]) add(found);

  const all = [...merged.values()];
  const toSource = (entry: Merged) =>
    makeEngineSource(
      { ...entry.found, kind: entry.kind, current: entry.current },
      entry.names.filter((name) => name !== entry.found.name),
    );

  if (selectors === null) {
    const others = all.filter((entry) => !entry.weakDefault);
    const kept = all.filter(
      (entry) =>
        !entry.weakDefault || others.length === 0 || socketExists(entry.found.endpoint.socketPath),
    );
    return { engines: kept.map(toSource), problems };
  }

  const chosen: Merged[] = [];
  for (const selector of selectors) {
    if ('url' in selector) {
      const endpoint = withTls(parseEndpoint(selector.url), tlsFromEnvironment(env, dockerDir));
      const entry = add({
        name: selector.label ?? selector.url,
        kind: selector.kind ?? 'docker',
        origin: 'env',
        endpoint,
        current: false,
      });
      if (!chosen.includes(entry)) chosen.push(entry);
      continue;
    }
    const matches = all.filter(
      (entry) =>
        entry.names.includes(selector.name) &&
        (selector.kind === null || entry.kind === selector.kind),
    );
    const shown = selector.kind === null ? selector.name : `${selector.kind}:${selector.name}`;
    if (matches.length === 0) {
      const known = all.flatMap((entry) => entry.names).join(', ') || 'none';
      problems.push(
        `FOOTPRINT_ENGINES names "${shown}", which is no docker context, Podman connection or ` +
          `Podman socket found here (found: ${known}).`,
      );
    } else if (matches.length > 1) {
      problems.push(
        `FOOTPRINT_ENGINES names "${shown}", which is both a docker context and a Podman ` +
          `connection on different engines: write docker:${selector.name} or podman:${selector.name}.`,
      );
    } else if (matches[0] !== undefined && !chosen.includes(matches[0])) {
      chosen.push(matches[0]);
    }
  }
  return { engines: chosen.map(toSource), problems };
}

/**
 * Calls `onChange` (debounced) when what discoverEngines finds may have changed: a docker context
 * or config.json, a Podman config file, a Podman service socket made or removed. The registry
 * calls discoverEngines again then, adding the new ids and closing the ones that went away.
 */
export function watchEngineSources(
  options: Omit<DiscoverOptions, 'settings'>,
  onChange: () => void | Promise<void>,
  watchOptions: WatchOptions = {},
): DirectoryWatcher {
  const dockerDir = options.dockerConfigDir ?? defaultDockerConfigDir(options.env);
  const podman = { ...options.podman, configDir: options.podmanConfigDir };
  return watchDirectories(
    () => [...dockerWatchDirectories(dockerDir), ...podmanWatchDirectories(options.env, podman)],
    onChange,
    watchOptions,
  );
}

/**
 * The socket's path with links followed, for telling two names of one socket apart from two
 * sockets: the socket itself when it exists, else its directory (/var/run -> /run) when that does.
 */
function resolvedSocket(path: string | null, found: FoundEngine): string | undefined {
  if (path === null || found.endpoint.transport !== 'unix') return undefined;
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

function socketExists(path: string | null): boolean {
  if (path === null) return false;
  try {
    realpathSync(path);
    return true;
  } catch {
    return false;
  }
}
