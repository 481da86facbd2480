import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyPlugin from 'fastify-plugin';
import { apiRoutes } from '@footprint/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, BadRequestError, ForbiddenError } from '../errors.js';
import { isLoopbackAddress, normalizeHost, originHost, ownHosts } from './own-hosts.js';
import { isApiPath, parseRequestTarget, type RequestTarget } from './request-target.js';
import { bearerToken, cookieName, tokenMatches } from './session-token.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route removes or changes something: refused in read-only mode. */
    destructive?: boolean;
    /** The route hands out an image's or container's data: the session even on loopback. */
    exportsData?: boolean;
  }
}

export interface SecurityOptions {
  bindHost: string;
  /** The configured port, used until the server listens (app.inject never does). */
  port: number | null;
  allowedHosts: readonly string[];
  token: string;
  readOnly: boolean;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const targets = new WeakMap<FastifyRequest, RequestTarget>();

/**
 * The request's target, read once (parseRequestTarget) and kept for the plugin's later hook;
 * 400 when it is not origin-form.
 */
function targetOf(request: FastifyRequest): RequestTarget {
  const known = targets.get(request);
  if (known !== undefined) return known;
  const target = parseRequestTarget(request.url);
  if (target === null) {
    throw new BadRequestError(
      'TARGET_NOT_ORIGIN_FORM',
      'This server answers only requests for a path on itself ("GET /api/…"), not a proxy ' +
        'request for a full URL, "*", a path that starts with "//", or a malformed %-escape.',
    );
  }
  targets.set(request, target);
  return target;
}

/** Node keeps the first of two Host headers; a proxy in front may go by the other one. */
function hostHeaderCount(request: FastifyRequest): number {
  const raw = request.raw.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === 'host') count += 1;
  return count;
}

/**
 * Whoever drives this server drives the Docker socket, which is root on the host. Registered
 * first, this refuses, before any route, body parser or engine call:
 * - a target that is not a plain path (parseRequestTarget), and two Host headers: 400;
 * - a Host that is not ours (DNS rebinding), on every method;
 * - on /api: a foreign Origin or a cross-site / same-site Sec-Fetch-Site (the event stream too);
 * - bound beyond loopback, any /api request without the session (cookie or bearer token): 401;
 * - a state-changing request without Content-Type application/json (no HTML form can send it),
 *   without our own Origin, or without the session cookie; a destructive one in read-only mode.
 * And it sets CSP (frame-ancestors 'none', no inline script) and X-Frame-Options DENY. No CORS.
 */
async function security(app: FastifyInstance, options: SecurityOptions) {
  interface Bound {
    port: number | null;
    hosts: Set<string>;
    /**
     * Bound beyond loopback (the configured address or the one it listens on), anyone on the
     * network can send a loopback Host: the Host check keeps nobody out, so reads need the
     * session as well.
     */
    readsNeedSession: boolean;
  }
  let cached: Bound | null = null;
  const bound = (): Bound => {
    const address = app.server.address();
    const listening = typeof address === 'object' && address !== null ? address : null;
    const port = listening?.port ?? options.port;
    if (cached === null || cached.port !== port) {
      cached = {
        port,
        hosts: ownHosts({ bindHost: options.bindHost, port, extra: options.allowedHosts }),
        readsNeedSession:
          !isLoopbackAddress(options.bindHost) ||
          (listening !== null && !isLoopbackAddress(listening.address)),
      };
    }
    return cached;
  };

  app.addHook('onRequest', async (request) => {
    targetOf(request);
    if (hostHeaderCount(request) > 1) {
      throw new BadRequestError('DUPLICATE_HOST', 'A request carries one Host header, not two.');
    }
    const host = normalizeHost(request.headers.host);
    if (host === null || !bound().hosts.has(host)) {
      throw new ForbiddenError(
        'HOST_NOT_ALLOWED',
        `This server does not answer to Host "${String(request.headers.host ?? '').slice(0, 100)}". ` +
          'Open it at the address it printed at start-up, or add the name to ' +
          'FOOTPRINT_ALLOWED_HOSTS.',
      );
    }
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Chart libraries set style attributes; inline <style> and scripts stay forbidden.
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // fetch('/api/…') and EventSource('/api/events').
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // Plain http on loopback: HSTS would only break the next http visit.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  app.addHook('onRequest', async (request, reply) => {
    const host = normalizeHost(request.headers.host) as string;
    const target = targetOf(request);

    if (request.method === 'GET' && isTokenExchange(target.path, request.query)) {
      return exchangeToken(request, reply, host, target, options.token);
    }

    if (isApiPath(target.path)) {
      const site = request.headers['sec-fetch-site'];
      if (site === 'cross-site' || site === 'same-site') {
        throw new ForbiddenError(
          'CROSS_SITE_REQUEST',
          'Requests from other sites are refused: use the dashboard’s own page.',
        );
      }
      const origin = request.headers.origin;
      if (origin !== undefined && originHost(origin) !== host) {
        throw new ForbiddenError('FOREIGN_ORIGIN', 'Requests from other origins are refused.');
      }
      if (bound().readsNeedSession && !hasSession(request, host, options.token)) {
        reply.header('WWW-Authenticate', 'Bearer realm="docker-footprint"');
        throw new AppError(
          401,
          'SESSION_REQUIRED',
          'This server is reachable beyond this machine, so its API answers only a session: ' +
            'open the URL it printed at start-up (it ends in ?token=…) once in this browser, ' +
            'or send the token as Authorization: Bearer <token>.',
        );
      }
    }

    if (
      request.routeOptions.config?.exportsData === true &&
      !hasSession(request, host, options.token)
    ) {
      throw new ForbiddenError(
        'SESSION_REQUIRED',
        'Exporting needs the session: open the URL the server printed at start-up (it ends in ' +
          '?token=…) once in this browser, or send the token as Authorization: Bearer <token>.',
      );
    }

    if (safeMethods.has(request.method)) return;

    const contentType = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (contentType !== 'application/json') {
      throw new ForbiddenError(
        'JSON_REQUIRED',
        'Changes are accepted only as Content-Type: application/json requests.',
      );
    }
    const origin = request.headers.origin;
    if (origin === undefined || originHost(origin) !== host) {
      throw new ForbiddenError(
        'ORIGIN_REQUIRED',
        'Changes need an Origin header equal to this server’s own address.',
      );
    }
    if (!tokenMatches(request.cookies[cookieName(host)], options.token)) {
      throw new ForbiddenError(
        'SESSION_REQUIRED',
        'This browser may not change anything yet: open the URL the server printed at ' +
          'start-up (it ends in ?token=…) once, then try again.',
      );
    }
    if (options.readOnly && request.routeOptions.config?.destructive === true) {
      throw new ForbiddenError(
        'READ_ONLY',
        'The server runs in read-only mode (FOOTPRINT_READ_ONLY): nothing can be removed or ' +
          'pruned here.',
      );
    }
  });

  /** Whether the request carries the session cookie; GET /api/session says so to the page. */
  app.decorateRequest('authorized', false);
  app.addHook('preHandler', async (request) => {
    const host = normalizeHost(request.headers.host) as string;
    request.authorized = tokenMatches(request.cookies[cookieName(host)], options.token);
  });
}

/** Not encapsulated: its hooks and decorators apply to every route of the app. */
export const securityPlugin = fastifyPlugin(security, { name: 'security', fastify: '5.x' });

declare module 'fastify' {
  interface FastifyRequest {
    authorized: boolean;
  }
}

/** The session cookie, or the token as `Authorization: Bearer` (scripts; never writes). */
function hasSession(request: FastifyRequest, host: string, token: string): boolean {
  return (
    tokenMatches(request.cookies[cookieName(host)], token) ||
    tokenMatches(bearerToken(request.headers.authorization), token)
  );
}

/** GET of a page (or of /api/session, for a dev proxy that forwards only /api) with ?token=. */
function isTokenExchange(path: string, query: unknown): boolean {
  if (typeof query !== 'object' || query === null || !('token' in query)) return false;
  return !isApiPath(path) || path === apiRoutes.session;
}

function exchangeToken(
  request: FastifyRequest,
  reply: FastifyReply,
  host: string,
  target: RequestTarget,
  token: string,
) {
  const candidate = (request.query as Record<string, unknown>).token;
  if (typeof candidate !== 'string' || !tokenMatches(candidate, token)) {
    throw new ForbiddenError(
      'TOKEN_INVALID',
      'This token is not the one the server printed at this start-up (a restart makes a new ' +
        'one). Open the URL it printed last.',
    );
  }
  reply.setCookie(cookieName(host), token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
  });
  // The token leaves the address bar and history: the page reloads without it.
  return reply
    .header('Cache-Control', 'no-store')
    .redirect(isApiPath(target.path) ? '/' : target.rawPath, 303);
}
