import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { EngineSettingsError, parseEngineSettings } from './engines/sources/index.js';
import { stateRootOf } from './state/state-root.js';

export interface Config {
  /** Address the HTTP server binds: 127.0.0.1 unless HOST says otherwise (with a warning). */
  host: string;
  port: number;
  /** Where the engine listens: unix:///path or tcp://host:port. */
  dockerHost: string;
  /** TLS material for tcp:// engines (DOCKER_CERT_PATH), when DOCKER_TLS_VERIFY is set. */
  dockerCertPath: string | null;
  /**
   * The engine's data root as this process sees it. Null: use the engine's `DockerRootDir`.
   * Set it when the dashboard runs in a container with the host's data root mounted elsewhere.
   */
  dataRoot: string | null;
  /**
   * FOOTPRINT_STATE_DIR: where the dashboard keeps its own files (scan cache, last-use record,
   * layer indexes), one directory per engine under it (state/state-dir.ts). Default:
   * $XDG_STATE_HOME/docker-footprint, else ~/.local/state/docker-footprint.
   */
  stateRoot: string;
  /** Built web UI to serve at /. Null: API only. */
  webRoot: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * More Host names to answer to, "name[:port]" (FOOTPRINT_ALLOWED_HOSTS, comma-separated):
   * the loopback names and the bind address are always accepted. E.g. "localhost:5173" for the
   * web dev server's proxy, or the published port when the container's port is mapped to another.
   */
  allowedHosts: string[];
  /** FOOTPRINT_TOKEN: a fixed session token (tests, automation); null: a new one per launch. */
  token: string | null;
  /** FOOTPRINT_READ_ONLY=1: every destructive route answers 403. */
  readOnly: boolean;
  /**
   * FOOTPRINT_SESSION_FILE: where to write this launch's session token (mode 0600) once the port
   * is open, for a process beside the server that must call the API, such as the container's
   * health check. Null: written nowhere.
   */
  sessionFile: string | null;
  /**
   * Where registry credentials are read, as the docker CLI reads them (config.json, its
   * credsStore and credHelpers): FOOTPRINT_DOCKER_CONFIG, else DOCKER_CONFIG, else ~/.docker.
   */
  dockerConfigDir: string;
  /**
   * FOOTPRINT_REGISTRY_CERTS_DIR: CA certificates of registries, `<dir>/<host[:port]>/ca.crt`,
   * the layout of the engine's /etc/docker/certs.d (the default).
   */
  registryCertsDir: string;
  /**
   * FOOTPRINT_ENGINES: which engines to follow beside DOCKER_HOST's (names of docker contexts and
   * Podman connections, or URLs; engines/sources/index.ts has the grammar). Unset: every engine
   * configured here.
   */
  engineSettings: string | undefined;
}

export class ConfigError extends Error {}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads the environment once, validates it, and returns a typed config (or throws ConfigError). */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: { webRoot: string | null }): Config {
  const port = Number(env.PORT ?? '7077');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${env.PORT}".`);
  }
  const dockerHost = env.DOCKER_HOST?.trim() || 'unix:///var/run/docker.sock';
  if (!/^(unix|tcp|http|https):\/\//.test(dockerHost)) {
    throw new ConfigError(
      `DOCKER_HOST must be unix:///path/to/docker.sock or tcp://host:port, got "${dockerHost}".`,
    );
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${logLevel}".`);
  }
  const dataRoot = env.DOCKER_DATA_ROOT?.trim() || null;
  if (dataRoot !== null && !isAbsolute(dataRoot)) {
    throw new ConfigError(`DOCKER_DATA_ROOT must be an absolute path, got "${dataRoot}".`);
  }
  const allowedHosts = (env.FOOTPRINT_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== '');
  for (const value of allowedHosts) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?$/.test(value)) {
      throw new ConfigError(
        `FOOTPRINT_ALLOWED_HOSTS takes host names with an optional port, got "${value}".`,
      );
    }
  }
  const token = env.FOOTPRINT_TOKEN?.trim() || null;
  if (token !== null && !/^[A-Za-z0-9_-]{32,128}$/.test(token)) {
    throw new ConfigError('FOOTPRINT_TOKEN must be 32 to 128 characters of A-Z, a-z, 0-9, _ or -.');
  }
  const readOnlyValue = (env.FOOTPRINT_READ_ONLY ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'true', 'false', 'yes', 'no'].includes(readOnlyValue)) {
    throw new ConfigError(`FOOTPRINT_READ_ONLY must be 1 or 0, got "${env.FOOTPRINT_READ_ONLY}".`);
  }
  const tlsVerify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '';
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port,
    dockerHost,
    dockerCertPath: tlsVerify ? resolve(env.DOCKER_CERT_PATH || `${env.HOME}/.docker`) : null,
    dataRoot,
    stateRoot: stateRootOf(env),
    webRoot: env.WEB_ROOT ? resolve(env.WEB_ROOT) : defaults.webRoot,
    logLevel,
    allowedHosts,
    token,
    readOnly: ['1', 'true', 'yes'].includes(readOnlyValue),
    sessionFile: env.FOOTPRINT_SESSION_FILE?.trim()
      ? resolve(env.FOOTPRINT_SESSION_FILE.trim())
      : null,
    dockerConfigDir: resolve(
      env.FOOTPRINT_DOCKER_CONFIG?.trim() ||
        env.DOCKER_CONFIG?.trim() ||
        join(env.HOME || homedir(), '.docker'),
    ),
    registryCertsDir: resolve(env.FOOTPRINT_REGISTRY_CERTS_DIR?.trim() || '/etc/docker/certs.d'),
    engineSettings: checkedEngineSettings(env.FOOTPRINT_ENGINES),
  };
}

function checkedEngineSettings(value: string | undefined): string | undefined {
  try {
    parseEngineSettings(value);
  } catch (error) {
    if (error instanceof EngineSettingsError) throw new ConfigError(error.message);
    throw error;
  }
  return value;
}
