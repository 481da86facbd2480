import { existsSync, readFileSync } from 'node:fs';
import type { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { DockerOptions } from 'dockerode';
import type { AnyAuthMethod, ParsedKey, ServerHostKeyAlgorithm } from 'ssh2';
import type { EngineEndpoint, EngineSsh, EngineTls } from '../engines/engine-source.js';
import {
  fingerprint,
  type KnownHostEntry,
  knownHostKeyAlgorithms,
  knownHostName,
  parseKnownHosts,
  verifyHostKey,
} from './known-hosts.js';
import { loadSsh2, SshTunnelAgent } from './ssh-tunnel-agent.js';

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

export interface EngineClientOptionsInput {
  /** OpenSSH's known_hosts that ssh engines are checked against; default ~/.ssh/known_hosts. */
  knownHostsPath?: string | null;
  /** Where ~/.ssh is (the default keys and known_hosts); default the user's home. */
  homeDir?: string;
  /** The ssh agent's socket; default SSH_AUTH_SOCK; null offers no agent. */
  sshAuthSock?: string | null;
}

/** The endpoint cannot be used as configured (a file missing, no key to offer). */
export class TransportSetupError extends Error {
  readonly code = 'ETRANSPORTSETUP';
}

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
  // its own; an agent's options override the request's (node's Agent#addRequest).
  return {
    ...base,
    protocol: 'https',
    ...files,
    agent: new HttpsAgent({ ...files, rejectUnauthorized: false }),
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
    ca: read(tls.caPath, 'CA certificate'),
    cert: read(tls.certPath, 'client certificate'),
    key: read(tls.keyPath, 'client key'),
  };
}

// ssh's default identities (ssh_config(5) IdentityFile) that ssh2 can use, in ssh's order.
const defaultIdentities = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
// ssh2 1.x's host key algorithms (lib/protocol/constants.js SUPPORTED_SERVER_HOST_KEY).
const supportedHostKeys = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
  'ssh-dss',
]);

function sshOptions(
  endpoint: EngineEndpoint,
  options: EngineClientOptionsInput,
): EngineDockerOptions {
  const ssh = endpoint.ssh;
  if (ssh === null) throw new TransportSetupError(`${endpoint.host} names no ssh host`);
  const home = options.homeDir ?? homedir();
  const knownHostsPath = options.knownHostsPath ?? join(home, '.ssh', 'known_hosts');
  const agentSocket =
    options.sshAuthSock === undefined ? process.env.SSH_AUTH_SOCK || null : options.sshAuthSock;
  // Without a user in the URL, ssh logs in as the local user (~/.ssh/config is not read here).
  const username = ssh.user ?? userInfo().username;
  const keys = identities(ssh, home);
  if (agentSocket === null && keys.length === 0) {
    const tried = defaultIdentities.map((name) => join(home, '.ssh', name)).join(', ');
    throw new TransportSetupError(
      `there is no ssh key to log in with: no ssh agent (SSH_AUTH_SOCK is not set) and none of ` +
        `${tried} can be used; start ssh-agent and ssh-add the key, or name the key file as ` +
        "this engine's identity",
    );
  }
  const auth: AnyAuthMethod[] = [
    ...(agentSocket === null ? [] : [{ type: 'agent' as const, username, agent: agentSocket }]),
    ...keys.map((key) => ({ type: 'publickey' as const, username, key: key.parsed })),
  ];
  const entries = readKnownHosts(knownHostsPath);
  const algorithms = knownHostKeyAlgorithms(entries.list, ssh.host, ssh.port).filter(
    (name): name is ServerHostKeyAlgorithm => supportedHostKeys.has(name),
  );
  const label = `${username}@${ssh.host}:${ssh.port}`;
  const agent = new SshTunnelAgent({
    connect: {
      host: ssh.host,
      port: ssh.port,
      username,
      authHandler: auth,
      readyTimeout: 20_000,
      keepaliveInterval: 15_000,
      ...(algorithms.length > 0 ? { algorithms: { serverHostKey: algorithms } } : {}),
    },
    checkHostKey: (key) =>
      hostKeyProblem(key, { ...ssh, username }, knownHostsPath, entries.list, entries.missing),
    offered: [
      ...(agentSocket === null ? [] : ["the ssh agent's keys"]),
      ...keys.map((key) => key.path),
    ].join(', '),
    label,
    socketPath: ssh.socketPath,
  });
  // Plain http through the agent: each request's socket is an ssh channel. The host name is
  // only the Host header; the engine does not look at it.
  return { ...noEnvironmentDefaults, host: 'localhost', protocol: 'http', agent };
}

interface Identity {
  path: string;
  parsed: ParsedKey;
}

/**
 * The key files to offer: the source's identity (it must be there and usable), else each
 * default key that is there and not protected by a passphrase (ssh would ask for it; here the
 * agent is the way to use such a key).
 */
function identities(ssh: EngineSsh, home: string): Identity[] {
  if (ssh.identity !== null) {
    const parsed = parseKeyFile(ssh.identity);
    if (typeof parsed === 'string') {
      throw new TransportSetupError(`its ssh identity file ${ssh.identity} ${parsed}`);
    }
    return [{ path: ssh.identity, parsed }];
  }
  return defaultIdentities.flatMap((name) => {
    const path = join(home, '.ssh', name);
    if (!existsSync(path)) return [];
    const parsed = parseKeyFile(path);
    return typeof parsed === 'string' ? [] : [{ path, parsed }];
  });
}

/** The parsed private key, or why it cannot be used (never the key's contents). */
function parseKeyFile(path: string): ParsedKey | string {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`;
  }
  const parsed = loadSsh2().utils.parseKey(data);
  if (parsed instanceof Error) {
    return /passphrase|encrypted/i.test(parsed.message)
      ? `is protected by a passphrase: add it to the ssh agent (ssh-add ${path}) instead`
      : 'is not a private key ssh can use';
  }
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  return key.isPrivateKey() ? key : 'is a public key; name the private key file';
}

function readKnownHosts(path: string): { list: KnownHostEntry[]; missing: boolean } {
  try {
    return { list: parseKnownHosts(readFileSync(path, 'utf8')), missing: false };
  } catch {
    return { list: [], missing: true };
  }
}

/** null when known_hosts trusts the key; else what is wrong and the command that settles it. */
function hostKeyProblem(
  key: Buffer,
  ssh: EngineSsh & { username: string },
  path: string,
  entries: readonly KnownHostEntry[],
  missing: boolean,
): string | null {
  const verdict = verifyHostKey(entries, ssh.host, ssh.port, key);
  const where = `${ssh.host}:${ssh.port}`;
  const sshPort = ssh.port === 22 ? '' : ` -p ${ssh.port}`;
  const login = `ssh${sshPort} ${ssh.username}@${ssh.host}`;
  const presented = `${fingerprint(key)}`;
  switch (verdict.kind) {
    case 'known':
      return null;
    case 'unknown':
      return (
        `the ssh host key of ${where} (${presented}) is not in ${path}` +
        `${missing ? ' (no such file)' : ''}, so the host cannot be trusted; if that is its key, ` +
        `add it once: run "${login}" and accept it, or "ssh-keyscan${sshPort} ${ssh.host} >> ${path}"`
      );
    case 'changed':
      return (
        `the ssh host key of ${where} (${presented}) is not the one ${path} has for it ` +
        `(line ${verdict.line}): the host was reinstalled, or another machine answers at its ` +
        `address; if the change is expected, run "ssh-keygen -f ${path} -R ` +
        `'${knownHostName(ssh.host, ssh.port)}'" and then "${login}" once`
      );
    case 'revoked':
      return `the ssh host key of ${where} (${presented}) is marked @revoked in ${path} (line ${verdict.line})`;
  }
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
  // ssh2's own failures before any channel: timeouts, protocol and socket errors.
  if (typeof err.level === 'string' && err.level.startsWith('client-')) return `ssh: ${message}`;
  if (err.level === 'protocol' || err.level === 'handshake') return `ssh: ${message}`;
  return null;
}
