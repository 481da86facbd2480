/*
 * Which Host headers are this server's own. A page on another site that rebinds its DNS name to
 * 127.0.0.1 reaches this port, but its requests carry its own name in Host: refusing every Host
 * that is not ours makes DNS rebinding useless. Hosts are compared as "name:port", lowercase,
 * IPv6 literals in brackets.
 */

const hostHeader = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/;

/** The loopback names a browser on this machine may use for a loopback-bound server. */
const loopbackNames = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopbackAddress(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

export function isWildcardAddress(host: string): boolean {
  return ['0.0.0.0', '::', '[::]', ''].includes(host);
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** "name:port" from a Host header (port 80 when absent); null when it is not a plain host. */
export function normalizeHost(value: string | undefined): string | null {
  if (value === undefined) return null;
  const match = hostHeader.exec(value.trim().toLowerCase());
  if (match === null) return null;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return `${match[1]}:${port}`;
}

/** "name:port" from an Origin header (http only: this server speaks no TLS); null otherwise. */
export function originHost(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' || url.pathname !== '/' || url.username || url.search) {
      return null;
    }
    return normalizeHost(url.host);
  } catch {
    return null;
  }
}

export interface OwnHostsInput {
  /** The address the server binds. */
  bindHost: string;
  /** The port it listens on; null when not listening (app.inject). */
  port: number | null;
  /** Extra "name[:port]" values from FOOTPRINT_ALLOWED_HOSTS; no port means the listening one. */
  extra: readonly string[];
}

/**
 * The server's own hosts: the loopback names (a rebinding page can never send these, its Host
 * is its own name), the bind address unless it is a wildcard, and the extra names, each with
 * the listening port.
 */
export function ownHosts({ bindHost, port, extra }: OwnHostsInput): Set<string> {
  const own = new Set<string>();
  const names = [...loopbackNames];
  if (!isWildcardAddress(bindHost)) names.push(bracketed(bindHost.toLowerCase()));
  if (port !== null) for (const name of names) own.add(`${name}:${port}`);
  for (const value of extra) {
    const normalized = /:\d+$/.test(value) ? normalizeHost(value) : null;
    if (normalized !== null) own.add(normalized);
    else if (port !== null) {
      const withPort = normalizeHost(`${value}:${port}`);
      if (withPort !== null) own.add(withPort);
    }
  }
  return own;
}
