import { parse as parseAuthHeader } from 'auth-header';
import parseLinkHeader from 'parse-link-header';

/**
 * The response headers a registry client reads, parsed with maintained parsers rather than
 * regexes: WWW-Authenticate (RFC 7235, auth-header), Link (RFC 8288, parse-link-header) and
 * Docker Hub's rate-limit headers. Pure.
 */
export type AuthChallenge =
  | { scheme: 'bearer'; realm: string; service: string | null; scope: string | null }
  | { scheme: 'basic'; realm: string | null };

function param(params: Record<string, string | string[]>, name: string): string | null {
  const value = params[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/**
 * A 401's challenge (distribution docs/spec/auth/token.md): `Bearer realm=..,service=..,scope=..`
 * or `Basic realm=..`. Null when the header is absent, unparsable or another scheme.
 */
export function parseAuthChallenge(header: string | null): AuthChallenge | null {
  if (header === null || header.trim() === '') return null;
  let parsed: ReturnType<typeof parseAuthHeader>;
  try {
    parsed = parseAuthHeader(header);
  } catch {
    return null;
  }
  const scheme = parsed.scheme.toLowerCase();
  if (scheme === 'basic') return { scheme: 'basic', realm: param(parsed.params, 'realm') };
  if (scheme !== 'bearer') return null;
  const realm = param(parsed.params, 'realm');
  if (realm === null) return null;
  return {
    scheme: 'bearer',
    realm,
    service: param(parsed.params, 'service'),
    scope: param(parsed.params, 'scope'),
  };
}

/** The absolute URL of a `Link: <...>; rel="next"` (distribution spec: relative to the request). */
export function nextPageUrl(linkHeader: string | null, requestUrl: string): string | null {
  const links = parseLinkHeader(linkHeader);
  const next = links?.next?.url;
  if (next === undefined || next === '') return null;
  try {
    return new URL(next, requestUrl).href;
  } catch {
    return null;
  }
}

export interface RateLimit {
  limit: number | null;
  remaining: number | null;
  /** Whom the limit counts (Docker Hub's `docker-ratelimit-source`: an IP or account id). */
  source?: string;
}

/**
 * Docker Hub's `ratelimit-limit: 100;w=21600` and `ratelimit-remaining: 76;w=21600` (the pull
 * count and its window in seconds; docs.docker.com/docker-hub/usage/pulls). Null when the
 * registry sends neither (other registries; Hub for authenticated unlimited accounts).
 */
export function parseRateLimit(headers: { get(name: string): string | null }): RateLimit | null {
  const limit = leadingCount(headers.get('ratelimit-limit'));
  const remaining = leadingCount(headers.get('ratelimit-remaining'));
  if (limit === null && remaining === null) return null;
  const source = headers.get('docker-ratelimit-source');
  return source === null || source === '' ? { limit, remaining } : { limit, remaining, source };
}

function leadingCount(value: string | null): number | null {
  const match = /^\s*(\d+)\s*(?:;|$)/.exec(value ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Retry-After in seconds (delta-seconds or an HTTP date), null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The first entry of a distribution error body (`{"errors":[{"code","message"}]}`, spec
 * "Errors"), its message cut short: it is the registry's text, shown beside ours.
 */
export function registryErrorOf(body: string): { code: string; message: string } | null {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ code?: unknown; message?: unknown }> };
    const first = parsed.errors?.[0];
    if (first === undefined || typeof first.code !== 'string') return null;
    const message = typeof first.message === 'string' ? first.message.slice(0, 200) : '';
    return { code: first.code.slice(0, 60), message };
  } catch {
    return null;
  }
}
