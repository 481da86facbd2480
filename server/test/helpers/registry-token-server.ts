import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenSigner } from './registry-certs.js';

/**
 * A tiny token service for a registry with `auth: token:` (distribution docs/spec/auth/
 * token.md, jwt.md): GET with Basic credentials or anonymously, POST with an OAuth2
 * refresh_token or password grant (oauth.md). Tokens are RS256 JWTs with the signer's
 * certificate as the x5c chain and the claims the registry checks: iss, aud (= service), exp,
 * nbf and access [{type, name, actions}]. Anonymous callers get a token with no access, as
 * Docker Hub's service does for a private repository, so the registry answers 401 again.
 */
export interface TokenRequestRecord {
  method: string;
  grantType: string | null;
  scopes: string[];
  /** How the caller proved who it is: Basic, a refresh token, or not at all. */
  authenticatedBy: 'basic' | 'refresh-token' | 'password' | null;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  /** Every token request, in order, without any secret. */
  requests: TokenRequestRecord[];
  close(): Promise<void>;
}

export async function startTokenServer(opts: {
  signer: TokenSigner;
  user: string;
  password: string;
}): Promise<TokenServer> {
  const service = 'footprint-test-registry';
  const issuer = 'footprint-test-token-issuer';
  const key = createPrivateKey(opts.signer.keyPem);
  const refreshTokens = new Set<string>();
  const requests: TokenRequestRecord[] = [];

  const issue = (scopes: string[], granted: boolean, offline: boolean) => {
    const now = Math.floor(Date.now() / 1000);
    const access = granted ? scopes.map(parseScope).filter((a) => a !== null) : [];
    const header = { typ: 'JWT', alg: 'RS256', x5c: [opts.signer.certDerBase64] };
    const claims = {
      iss: issuer,
      sub: granted ? opts.user : '',
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access,
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), key).toString('base64url');
    const token = `${signingInput}.${signature}`;
    const body: Record<string, unknown> = {
      token,
      access_token: token,
      expires_in: 300,
      issued_at: new Date(now * 1000).toISOString(),
    };
    if (offline && granted) {
      const refresh = randomBytes(16).toString('hex');
      refreshTokens.add(refresh);
      body.refresh_token = refresh;
    }
    return body;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname !== '/token') return answer(404, { error: 'not found' });
      if (req.method === 'GET') {
        const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' '));
        const basic = basicOf(req);
        const ok = basic !== null && basic.user === opts.user && basic.password === opts.password;
        requests.push({
          method: 'GET',
          grantType: null,
          scopes,
          authenticatedBy: ok ? 'basic' : null,
        });
        if (basic !== null && !ok) return answer(401, { details: 'wrong credentials' });
        return answer(200, issue(scopes, ok, url.searchParams.get('offline_token') === 'true'));
      }
      if (req.method === 'POST') {
        const form = new URLSearchParams(await bodyOf(req));
        const grantType = form.get('grant_type');
        const scopes = form.getAll('scope').flatMap((s) => s.split(' '));
        let by: TokenRequestRecord['authenticatedBy'] = null;
        if (grantType === 'refresh_token' && refreshTokens.has(form.get('refresh_token') ?? '')) {
          by = 'refresh-token';
        } else if (
          grantType === 'password' &&
          form.get('username') === opts.user &&
          form.get('password') === opts.password
        ) {
          by = 'password';
        }
        requests.push({ method: 'POST', grantType, scopes, authenticatedBy: by });
        if (by === null) return answer(401, { error: 'invalid_grant' });
        return answer(200, issue(scopes, true, form.get('access_type') === 'offline'));
      }
      return answer(405, { error: 'method not allowed' });
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `repository:name:pull,push` -> {type, name, actions}; the name may hold ':' only in tags. */
function parseScope(scope: string): { type: string; name: string; actions: string[] } | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first === -1 || last === first) return null;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope.slice(last + 1).split(','),
  };
}

function basicOf(req: IncomingMessage): { user: string; password: string } | null {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1
    ? null
    : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
