import Docker from 'dockerode';
import { AppError, EngineError, EngineUnreachableError, type NotFoundError } from '../errors.js';
import { negotiateApiVersion } from './api-version.js';
import { refuseModemRedirects } from './modem-redirects.js';
import { join } from 'node:path';
import { type EngineEndpoint, parseEndpoint } from '../engines/engine-source.js';
import {
  describeEngineEndpoint,
  describeTransportError,
  type EngineClientOptionsInput,
  type EngineDockerOptions,
  engineClientOptions,
} from './endpoint-options.js';
import type { RawVersion } from './raw-types.js';
import { EnginePermissionError, otherEngineSockets } from './socket-permission.js';

/**
 * Either DOCKER_HOST and DOCKER_CERT_PATH (the default engine, as configured today) or an engine
 * source's endpoint (any transport: unix, tcp with TLS, ssh), with where ssh looks for its files.
 */
export type EngineClientOptions = (
  | { dockerHost: string; dockerCertPath: string | null }
  | ({ endpoint: EngineEndpoint } & EngineClientOptionsInput)
) & {
  /** Per-request timeout; /system/df on a large host is slow, so this is generous. */
  timeoutMs?: number;
};

// An engine's redirect is that request's error, never the process's end (modem-redirects.ts).
refuseModemRedirects();

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
  readonly #endpoint: EngineEndpoint;
  readonly #transport: EngineClientOptionsInput;
  readonly #timeoutMs: number;
  /** The unix socket's path; null for a tcp or ssh endpoint. */
  readonly #socketPath: string | null;
  #connection: Promise<Connection> | null = null;
  /** The options last built, whose agent (an ssh tunnel's) close() ends. */
  #lastOptions: EngineDockerOptions | null = null;

  constructor(options: EngineClientOptions) {
    this.#endpoint = 'endpoint' in options ? options.endpoint : dockerHostEndpoint(options);
    this.#transport = 'endpoint' in options ? options : {};
    this.endpoint = describeEngineEndpoint(this.#endpoint);
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#socketPath = this.#endpoint.transport === 'unix' ? this.#endpoint.socketPath : null;
  }

  /** Ends what the transport keeps open (an ssh connection); calls after it connect anew. */
  close(): void {
    this.#connection = null;
    this.#lastOptions?.agent?.destroy();
    this.#lastOptions = null;
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
      // Built on each negotiation: certificates, keys and known_hosts are read anew, so a file
      // fixed after a failure is used on the next try. The previous agent (an ssh tunnel) is
      // left to end by itself once idle: a stream still open on it (events) keeps working.
      const options = {
        ...engineClientOptions(this.#endpoint, this.#transport),
        timeout: this.#timeoutMs,
      };
      this.#lastOptions = options;
      // No version prefix: /version answers on every API version.
      const version = (await new Docker(options).version()) as unknown as RawVersion;
      const apiVersion = negotiateApiVersion(version.ApiVersion);
      const docker = new Docker({ ...options, version: `v${apiVersion}` });
      return { docker, version, apiVersion };
    } catch (error) {
      throw this.#mapError(error);
    }
  }

  #mapError(error: unknown, notFound?: NotFoundError): AppError {
    if (error instanceof AppError) return error;
    const err = error as DockerodeError;
    const transportCause = describeTransportError(this.#endpoint, error);
    if (transportCause !== null) {
      this.#connection = null;
      // The cause says what to do for this transport; the socket advice would mislead.
      return new EngineUnreachableError(this.endpoint, transportCause, '');
    }
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
    // modem-redirects.ts: the modem's own words ("pass options.maxRedirects") would mislead.
    if (/^Max redirects exceeded/.test(err.message ?? '')) {
      return new AppError(
        502,
        'ENGINE_REDIRECT',
        `The engine at ${this.endpoint} answered with a redirect (HTTP 3xx), which the Engine ` +
          'API never does: is an engine listening at that address, or something else?',
      );
    }
    if (/socket hang up|timeout/i.test(err.message ?? '')) {
      this.#connection = null;
      return new EngineUnreachableError(this.endpoint, err.message);
    }
    return new EngineError(500, err.message ?? String(error));
  }
}

/** DOCKER_HOST with DOCKER_CERT_PATH's ca.pem, cert.pem and key.pem (DOCKER_TLS_VERIFY set). */
function dockerHostEndpoint(options: { dockerHost: string; dockerCertPath: string | null }) {
  const certs = options.dockerCertPath;
  return parseEndpoint(
    options.dockerHost,
    certs === null
      ? null
      : {
          caPath: join(certs, 'ca.pem'),
          certPath: join(certs, 'cert.pem'),
          keyPath: join(certs, 'key.pem'),
          verify: true,
        },
  );
}
