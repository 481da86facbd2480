/*
 * The request target, read once, the way the router reads it. Every decision the security
 * plugin makes on a path (is this the API? is this a token exchange? where to redirect?) is made
 * on this one reading, so no spelling of a path can reach a route the checks did not see.
 */

export interface RequestTarget {
  /** The path as sent, without query: same-host by construction, so safe to redirect to. */
  rawPath: string;
  /**
   * The path as the router matches it: percent-escapes decoded as decodeURI decodes them
   * (find-my-way does the same, keeping reserved ones such as %2F), cut at "?" or "#".
   */
  path: string;
}

/**
 * Origin-form targets only (RFC 9112 §3.2.1), which is all a browser sends to the server it
 * talks to; null for anything else:
 * - absolute-form (`GET http://name/api/…`) is meant for proxies, and its authority is a second
 *   Host (RFC 9112 §3.2.2 says it wins over the header) that the Host check never saw;
 * - asterisk-form (`OPTIONS *`) and authority-form (CONNECT) name nothing served here;
 * - a path that starts with "//" or "/\" is, as a Location, a link to another host;
 * - a malformed percent-escape, which the router refuses too.
 */
export function parseRequestTarget(url: string): RequestTarget | null {
  if (!url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null;
  const end = url.search(/[?#]/);
  const rawPath = end === -1 ? url : url.slice(0, end);
  try {
    return { rawPath, path: decodeURI(rawPath) };
  } catch {
    return null;
  }
}

/** Whether the router would hand this path to an API route. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}
