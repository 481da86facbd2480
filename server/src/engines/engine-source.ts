/**
 * An engine source: one engine the person has configured somewhere (a docker context, the CLI's
 * implicit `default` context, a Podman connection, a Podman service socket, or a URL named in
 * FOOTPRINT_ENGINES), described well enough to connect to it, and nothing more. Sources are plain
 * data: no client, no I/O. `sources/` finds them (docker-contexts.ts, podman-connections.ts) and
 * `sources/index.ts` merges them into the set the dashboard follows (discoverEngines).
 *
 * How the next step wires this (issue #19, STYLE.md "Growing past one engine and one backend"):
 * an engine registry is built from `discoverEngines()`; for each source it makes one engine
 * connection (client, event watcher, snapshot, storage backend, inventory, scans) keyed by
 * `source.id`, which is also the `:engine` path segment of `/api/engines/:engine/...`. The
 * connection maps `endpoint` to dockerode options: unix/npipe -> `socketPath`; tcp ->
 * `host`/`port` with `protocol: 'https'` and the ca/cert/key files read from `tls` when `tls` is
 * not null (`verify: false` is the context's SkipTLSVerify: the CA is not checked); ssh ->
 * docker-modem's ssh transport running `docker system dial-stdio` (or, for a Podman connection,
 * forwarding `ssh.socketPath`) as `ssh.user` on `ssh.host:ssh.port` with `ssh.identity` or the
 * agent. `watchEngineSources` (docker contexts, config.json, Podman's files and sockets) says
 * when to call `discoverEngines` again; the registry adds connections for new ids and closes
 * those whose id went away. `problems` from discovery are for the page (through the inert-text
 * helper: they quote file contents), never a reason to stop the server. A source whose
 * kind is 'docker' may still turn out to be Podman's Docker-compatible service (a context can
 * point at podman.sock): the connection learns that from `/version` (Components[].Name
 * "Podman Engine"), not from here.
 */
import { createHash } from 'node:crypto';

export type EngineKind = 'docker' | 'podman';

/**
 * Where a source was found. 'docker-host' is the docker CLI's implicit `default` context
 * (DOCKER_HOST, else unix:///var/run/docker.sock); 'env' is an address written directly in
 * FOOTPRINT_ENGINES (or Podman's CONTAINER_HOST).
 */
export type EngineOrigin =
  'docker-host' | 'docker-context' | 'podman-connection' | 'podman-socket' | 'env';

export type EngineTransport = 'unix' | 'tcp' | 'ssh' | 'npipe';

/**
 * TLS for a tcp endpoint. A path is null when that file is not there (a context made with only
 * `ca=`, or `skip-tls-verify=true` and no files): as the docker CLI does, what is present is used.
 * `verify: false` means the server's certificate is not checked (the context's SkipTLSVerify).
 */
export interface EngineTls {
  caPath: string | null;
  certPath: string | null;
  keyPath: string | null;
  verify: boolean;
}

/** ssh://[user@]host[:port][/socket]: the user is null when the URL names none (ssh config's). */
export interface EngineSsh {
  user: string | null;
  host: string;
  port: number;
  /** A private key file (a Podman connection's Identity); null: the ssh agent / default keys. */
  identity: string | null;
  /** The engine's socket on the remote host (Podman connections name it; docker contexts don't). */
  socketPath: string | null;
}

export interface EngineEndpoint {
  transport: EngineTransport;
  /** The address exactly as it was configured (trimmed), for messages and for the page. */
  host: string;
  /** unix and npipe: the socket or pipe path. */
  socketPath: string | null;
  /** tcp: where to connect (IPv6 without brackets). */
  address: { hostname: string; port: number } | null;
  tls: EngineTls | null;
  ssh: EngineSsh | null;
}

export interface EngineSource {
  /** Stable across restarts for the same kind, name and address: see engineSourceId. */
  id: string;
  name: string;
  kind: EngineKind;
  origin: EngineOrigin;
  endpoint: EngineEndpoint;
  /** The engine the person's CLI uses now: docker's current context, or Podman's default connection. */
  current: boolean;
  /** Other names the same engine was found under (a context and a connection on one socket). */
  aliases: string[];
}

/** A configured address that cannot be used, with what to write instead. */
export class EndpointError extends Error {
  constructor(host: string, reason: string) {
    super(`The engine address "${host}" ${reason}`);
    this.name = 'EndpointError';
  }
}

// The daemon's IANA ports, as docker/cli opts/hosts.go (ParseTCPAddr) fills in a missing port.
const plainPort = 2375;
const tlsPort = 2376;

/**
 * Parses an engine address: unix:///path, /path (a bare socket path, as the CLI takes it),
 * tcp://host[:port], host:port (tcp, as the CLI takes it), http:// and https:// (what DOCKER_HOST
 * takes today: https means TLS), ssh://[user@]host[:port][/remote/socket], npipe:////./pipe/name.
 * `tls` applies to tcp only; a socket or an ssh tunnel has no TLS of its own. Throws EndpointError.
 */
export function parseEndpoint(
  given: string,
  tls: EngineTls | null = null,
  identity: string | null = null,
): EngineEndpoint {
  const host = given.trim();
  if (host === '') throw new EndpointError(given, 'is empty.');
  const schemeEnd = host.indexOf('://');
  if (schemeEnd < 0) {
    // docker/cli opts/hosts.go parseDockerDaemonHost: a path is a unix socket, anything else tcp.
    if (host.startsWith('/')) return socketEndpoint(host, 'unix', host);
    return tcpEndpoint(host, `tcp://${host}`, tls);
  }
  const scheme = host.slice(0, schemeEnd).toLowerCase();
  const rest = host.slice(schemeEnd + 3);
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) {
        throw new EndpointError(
          host,
          'needs an absolute socket path after unix:// (three slashes: unix:///var/run/docker.sock).',
        );
      }
      return socketEndpoint(host, 'unix', rest);
    case 'npipe':
      if (rest === '')
        throw new EndpointError(host, 'names no pipe (npipe:////./pipe/docker_engine).');
      return socketEndpoint(host, 'npipe', rest);
    case 'tcp':
    case 'http':
      return tcpEndpoint(host, `tcp://${rest}`, tls);
    case 'https':
      return tcpEndpoint(host, `tcp://${rest}`, tls ?? { ...noFiles, verify: true });
    case 'ssh':
      return sshEndpoint(host, identity);
    case 'fd':
      throw new EndpointError(host, "is a daemon's socket activation, not an address to dial.");
    default:
      throw new EndpointError(
        host,
        `has an unknown scheme "${scheme}://": use unix://, tcp://, ssh:// or npipe://.`,
      );
  }
}

const noFiles = { caPath: null, certPath: null, keyPath: null };

function socketEndpoint(host: string, transport: 'unix' | 'npipe', path: string): EngineEndpoint {
  return { transport, host, socketPath: path, address: null, tls: null, ssh: null };
}

function parseUrl(host: string, url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new EndpointError(host, 'is not a valid URL (is the port a number from 1 to 65535?).');
  }
}

function tcpEndpoint(host: string, url: string, tls: EngineTls | null): EngineEndpoint {
  const parsed = parseUrl(host, url);
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (hostname === '') throw new EndpointError(host, 'names no host (tcp://host:2376).');
  if (parsed.username !== '' || parsed.password !== '') {
    throw new EndpointError(host, 'has a user name; a tcp engine takes TLS certificates instead.');
  }
  if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search || parsed.hash) {
    throw new EndpointError(host, 'has a path, query or fragment; write only tcp://host:port.');
  }
  const port = parsed.port === '' ? (tls === null ? plainPort : tlsPort) : Number(parsed.port);
  if (port === 0) throw new EndpointError(host, 'has port 0; name the port the engine listens on.');
  return { transport: 'tcp', host, socketPath: null, address: { hostname, port }, tls, ssh: null };
}

function sshEndpoint(host: string, identity: string | null): EngineEndpoint {
  const parsed = parseUrl(host, host);
  // docker/cli cli/connhelper/ssh/ssh.go (newSpec): no password, a host, no query, no fragment.
  if (parsed.password !== '') {
    throw new EndpointError(host, 'has a password; use an ssh key or the ssh agent instead.');
  }
  if (parsed.hostname === '') throw new EndpointError(host, 'names no host (ssh://user@host).');
  // Podman 4 wrote "?secure=true" after connection URLs (containers/common); it means nothing here.
  const query = [...parsed.searchParams.keys()].filter((key) => key !== 'secure');
  if (query.length > 0 || parsed.hash !== '') {
    throw new EndpointError(host, 'has a query or fragment; write ssh://user@host[:port].');
  }
  const path = decodeURIComponent(parsed.pathname);
  return {
    transport: 'ssh',
    host,
    socketPath: null,
    address: null,
    tls: null,
    ssh: {
      user: parsed.username === '' ? null : decodeURIComponent(parsed.username),
      host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: parsed.port === '' ? 22 : Number(parsed.port),
      identity,
      socketPath: path === '' || path === '/' ? null : path,
    },
  };
}

/**
 * What makes two addresses the same engine: the socket path (resolved by the caller when it can
 * follow links: /var/run is /run), the tcp host and port (TLS or not, one daemon), the ssh
 * user, host, port and remote socket. An identity file or TLS material does not make a second
 * engine.
 */
export function endpointKey(endpoint: EngineEndpoint, resolvedSocketPath?: string): string {
  switch (endpoint.transport) {
    case 'unix':
      return `unix:${resolvedSocketPath ?? endpoint.socketPath ?? ''}`;
    case 'npipe':
      return `npipe:${(endpoint.socketPath ?? '').toLowerCase().replaceAll('\\', '/')}`;
    case 'tcp':
      return `tcp:${endpoint.address?.hostname.toLowerCase() ?? ''}:${endpoint.address?.port ?? 0}`;
    case 'ssh': {
      const ssh = endpoint.ssh;
      return `ssh:${ssh?.user ?? ''}@${ssh?.host.toLowerCase() ?? ''}:${ssh?.port ?? 22}${ssh?.socketPath ?? ''}`;
    }
  }
}

/**
 * The id: `<kind>-<name as a slug>-<10 hex of sha256("<kind>\n<name>\n<endpointKey>")>`, e.g.
 * `docker-ctx-a-3f9c0a1b2d`. The slug keeps it readable in URLs (lowercase a-z, 0-9 and '-', at
 * most 40 characters); the hash keeps two names that slug alike apart and changes when the
 * address does, so an engine re-pointed elsewhere is a new engine, never the old one's figures.
 */
export function engineSourceId(kind: EngineKind, name: string, key: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'engine';
  const hash = createHash('sha256').update(`${kind}\n${name}\n${key}`).digest('hex').slice(0, 10);
  return `${kind}-${slug}-${hash}`;
}

/** An engine as one config file names it, before merging gives it an id and aliases. */
export type FoundEngine = Omit<EngineSource, 'id' | 'aliases'>;

/**
 * A source with its id from kind, name and the address as configured (not the socket's resolved
 * path: the id must not change while a socket is absent because its engine is stopped).
 */
export function makeEngineSource(fields: FoundEngine, aliases: string[] = []): EngineSource {
  return {
    id: engineSourceId(fields.kind, fields.name, endpointKey(fields.endpoint)),
    name: fields.name,
    kind: fields.kind,
    origin: fields.origin,
    endpoint: fields.endpoint,
    current: fields.current,
    aliases,
  };
}
