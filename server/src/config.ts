import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export interface Config {
  /** Address the HTTP server binds. */
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
   * The dashboard's own small files (scan cache, last-use record). Default:
   * $XDG_STATE_HOME/docker-footprint, else ~/.local/state/docker-footprint.
   */
  stateDir: string;
  /** Built web UI to serve at /. Null: API only. */
  webRoot: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
  const tlsVerify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '';
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port,
    dockerHost,
    dockerCertPath: tlsVerify ? resolve(env.DOCKER_CERT_PATH || `${env.HOME}/.docker`) : null,
    dataRoot,
    stateDir: resolve(env.FOOTPRINT_STATE_DIR || join(stateHome, 'docker-footprint')),
    webRoot: env.WEB_ROOT ? resolve(env.WEB_ROOT) : defaults.webRoot,
    logLevel,
  };
}
