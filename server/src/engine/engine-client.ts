import Docker from 'dockerode';
import { AppError, EngineError, EngineUnreachableError, type NotFoundError } from '../errors.js';
import { negotiateApiVersion } from './api-version.js';
import { describeEndpoint, dockerOptions } from './endpoint.js';
import type { RawVersion } from './raw-types.js';
import { EnginePermissionError, otherEngineSockets } from './socket-permission.js';

export interface EngineClientOptions {
  dockerHost: string;
  dockerCertPath: string | null;
  /** Per-request timeout; /system/df on a large host is slow, so this is generous. */
  timeoutMs?: number;
}

interface Connection {
  docker: Docker;
  version: RawVersion;
  apiVersion: string;
}

const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EPERM',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ESOCKETTIMEDOUT',
]);

interface DockerodeError extends Error {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | string | null;
  reason?: string;
}

/**
 * One connection to one engine. It negotiates the API version on first use and again after the
 * engine was unreachable (it may have been upgraded meanwhile), and turns every failure into an
 * AppError with a message a person can act on.
 */
export class EngineClient {
  readonly endpoint: string;
  readonly #options: Docker.DockerOptions;
  /** The unix socket's path; null for a tcp endpoint. */
  readonly #socketPath: string | null;
  #connection: Promise<Connection> | null = null;

  constructor(options: EngineClientOptions) {
    this.endpoint = describeEndpoint(options.dockerHost);
    this.#options = {
      ...dockerOptions(options.dockerHost, options.dockerCertPath),
      timeout: options.timeoutMs ?? 120_000,
    };
    this.#socketPath = this.#options.socketPath ?? null;
  }

  /** The negotiated connection; rejects with EngineUnreachableError when the engine is away. */
  connect(): Promise<Connection> {
    if (this.#connection === null) {
      const attempt = this.#negotiate();
      this.#connection = attempt;
      attempt.catch(() => {
        if (this.#connection === attempt) this.#connection = null;
      });
    }
    return this.#connection;
  }

  /**
   * Runs one engine call, mapping dockerode's errors; a connection failure forces renegotiation.
   * `notFound` is what a 404 from the engine means for this call.
   */
  async call<T>(operation: (docker: Docker) => Promise<T>, notFound?: NotFoundError): Promise<T> {
    const { docker } = await this.connect();
    try {
      return await operation(docker);
    } catch (error) {
      throw this.#mapError(error, notFound);
    }
  }

  async #negotiate(): Promise<Connection> {
    try {
      // No version prefix: /version answers on every API version.
      const version = (await new Docker(this.#options).version()) as unknown as RawVersion;
      const apiVersion = negotiateApiVersion(version.ApiVersion);
      const docker = new Docker({ ...this.#options, version: `v${apiVersion}` });
      return { docker, version, apiVersion };
    } catch (error) {
      throw this.#mapError(error);
    }
  }

  #mapError(error: unknown, notFound?: NotFoundError): AppError {
    if (error instanceof AppError) return error;
    const err = error as DockerodeError;
    if (err.code === 'EACCES' && this.#socketPath !== null) {
      this.#connection = null;
      // Looked up when refused: a rootless engine or Podman may have started since.
      const others = otherEngineSockets(this.#socketPath);
      return new EnginePermissionError(this.#socketPath, err.code, others);
    }
    if (err.code !== undefined && connectionErrorCodes.has(err.code)) {
      this.#connection = null;
      return new EngineUnreachableError(this.endpoint, `${err.code}: ${err.message}`);
    }
    if (typeof err.statusCode === 'number') {
      const message =
        (typeof err.json === 'object' && err.json?.message) ||
        (typeof err.json === 'string' && err.json) ||
        err.reason ||
        err.message;
      if (err.statusCode === 404 && notFound !== undefined) return notFound;
      return new EngineError(err.statusCode, String(message).trim());
    }
    if (/socket hang up|timeout/i.test(err.message ?? '')) {
      this.#connection = null;
      return new EngineUnreachableError(this.endpoint, err.message);
    }
    return new EngineError(500, err.message ?? String(error));
  }
}
