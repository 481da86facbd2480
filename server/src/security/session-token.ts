import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * The per-launch secret. It is printed at start-up in the URL to open; that request exchanges it
 * for an HttpOnly SameSite=Strict cookie, which every state-changing request must carry. A page
 * on another site can neither read it nor make the browser send it. Bound beyond loopback, every
 * API read needs it too: the cookie, or `Authorization: Bearer <token>` from a script (a page
 * on another site cannot send that header here: it would need CORS, which this server has not).
 */

export const tokenPattern = /^[A-Za-z0-9_-]{32,128}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookies are per host, not per port: the port in the name keeps two dashboards apart. */
export function cookieName(host: string): string {
  const port = host.slice(host.lastIndexOf(':') + 1);
  return `footprint_session_${port}`;
}

export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined || candidate.length === 0) return false;
  // Compare digests: equal length, and no early exit to time.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(candidate), digest(token));
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9_-]+) *$/i.exec(authorization ?? '');
  return match?.[1];
}
