import { readFileSync } from 'node:fs';
import type { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { DockerOptions } from 'dockerode';
import type { EngineEndpoint, EngineTls } from '../engines/engine-source.js';
import { defaultCa } from '../security/extra-ca.js';
import { type SshClientInput, sshTransport } from './ssh-options.js';
import { TransportSetupError } from './transport-errors.js';

export { TransportSetupError } from './transport-errors.js';

/*
 * From an engine source's endpoint to dockerode's options, one transport each, as the docker CLI
 * connects: unix socket; tcp, with TLS when the source has it; ssh, through the tunnel agent
 * (ssh-tunnel-agent.ts). Files (certificates, keys, known_hosts) are read here, each time the
 * client connects anew, so a renewed certificate or a host key just added is used without a
 * restart. What cannot work is a TransportSetupError that says which file and what to do; no
 * message ever carries key or certificate contents.
 */

/** dockerode's options, plus the http(s) agent docker-modem takes and its types leave out. */
export type EngineDockerOptions = DockerOptions & { agent?: HttpAgent };

/** Where ssh engines look for their files (ssh-options.ts); tcp and unix need nothing more. */
export type EngineClientOptionsInput = SshClientInput;

/**
 * docker-modem fills in what it finds in DOCKER_HOST, DOCKER_CERT_PATH and DOCKER_TLS_VERIFY
 * under what it is given (modem.js defaultOpts): with DOCKER_HOST=tcp://... set, a unix socket
 * engine would go to that host instead. Naming each field, even as undefined, keeps this
 * engine's options its own.
 */
const noEnvironmentDefaults: EngineDockerOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: 'http',
  ca: undefined,
  cert: undefined,
  key: undefined,
};

/** How messages name the engine: its socket path, else the address as it was configured. */
export function describeEngineEndpoint(endpoint: EngineEndpoint): string {
  return endpoint.socketPath !== null &&
    (endpoint.transport === 'unix' || endpoint.transport === 'npipe')
    ? endpoint.socketPath
    : endpoint.host;
}

/** dockerode options for one engine; throws TransportSetupError. */
export function engineClientOptions(
  endpoint: EngineEndpoint,
  options: EngineClientOptionsInput = {},
): EngineDockerOptions {
  switch (endpoint.transport) {
    case 'unix':
    case 'npipe':
      if (endpoint.transport === 'npipe' && process.platform !== 'win32') {
        throw new TransportSetupError(`${endpoint.host} is a Windows named pipe`);
      }
      return { ...noEnvironmentDefaults, socketPath: endpoint.socketPath ?? undefined };
    case 'tcp':
      return tcpOptions(endpoint);
    case 'ssh':
      return sshOptions(endpoint, options);
  }
}

function tcpOptions(endpoint: EngineEndpoint): EngineDockerOptions {
  const address = endpoint.address;
  if (address === null) throw new TransportSetupError(`${endpoint.host} names no tcp address`);
  const base = { ...noEnvironmentDefaults, host: address.hostname, port: address.port };
  if (endpoint.tls === null) return base;
  const files = tlsFiles(endpoint.tls);
  if (endpoint.tls.verify) return { ...base, protocol: 'https', ...files };
  // SkipTLSVerify: the CLI's InsecureSkipVerify. docker-modem passes no rejectUnauthorized of
  // its own; an agent's options override the request's (node's Agent#addRequest). Keep-alive,
  // as node's global agent that a verified engine's requests go through.
  return {
    ...base,
    protocol: 'https',
    ...files,
    agent: new HttpsAgent({ ...files, rejectUnauthorized: false, keepAlive: true }),
  };
}

/** The ca/cert/key files that are there, read; as the CLI, what is present is used. */
function tlsFiles(tls: EngineTls): Pick<DockerOptions, 'ca' | 'cert' | 'key'> {
  const read = (path: string | null, what: string): Buffer | undefined => {
    if (path === null) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new TransportSetupError(
        `its TLS ${what} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  };
  return {
    ca: read(tls.caPath, 'CA certificate') ?? defaultCa(),
    cert: read(tls.certPath, 'client certificate'),
    key: read(tls.keyPath, 'client key'),
  };
}

function sshOptions(endpoint: EngineEndpoint, options: SshClientInput): EngineDockerOptions {
  // Plain http through the agent: each request's socket is an ssh channel. The host name is
  // only the Host header; the engine does not look at it.
  return { ...noEnvironmentDefaults, protocol: 'http', ...sshTransport(endpoint, options) };
}

// Node's certificate checks (the peer's chain and name); any of them means "not the CA you named".
const certificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Why a transport failed, in words a person can act on, for the engine-unreachable message; null
 * when the error is not a transport's (the engine answered, or a plain socket error the caller
 * already words).
 */
export function describeTransportError(endpoint: EngineEndpoint, error: unknown): string | null {
  const err = error as { code?: unknown; message?: unknown; level?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : String(error);
  if (code === 'ETRANSPORTSETUP' || code === 'ESSHTRANSPORT') return message;
  if (certificateCodes.has(code)) {
    const ca = endpoint.tls?.caPath ?? "the system's CA certificates";
    return (
      `its TLS certificate was not accepted (${code}: ${message}); it is checked against ${ca}: ` +
      "name the CA that signed the engine's certificate, or turn certificate checks off for " +
      'this engine (skip-tls-verify) only on a network you trust'
    );
  }
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO') {
    return (
      `the TLS handshake failed (${code}: ${message}); an engine started with --tlsverify ` +
      'wants a client certificate and key signed by its CA'
    );
  }
  return null;
}
