import type { FastifyBaseLogger } from 'fastify';
import type { DockerCredentials, RegistryCredential } from './credentials.js';
import { registryAuthFailed, registryBadAnswer } from './registry-errors.js';
import { type AuthChallenge, parseAuthChallenge } from './registry-headers.js';
import type { RegistryTransport } from './registry-transport.js';

/**
 * The registry's auth, as distribution's client does it (registry/client/auth/session.go; spec
 * docs/spec/auth/token.md): a request without credentials gets 401 and a challenge; Bearer
 * means "ask the realm for a token for this scope" (with Basic credentials, an identity token
 * as an OAuth2 refresh token, or anonymously), Basic means "send them on every request".
 * Tokens are kept per (registry, scope) until they expire; the challenge per registry, so the
 * next request sends its token at once.
 */
interface Token {
  value: string;
  expiresAt: number;
}

/** distribution's token spec: a token without expires_in is good for 60 seconds. */
const defaultTokenSeconds = 60;
/** Asked again this long before it runs out, so a request never carries a token about to. */
const tokenMarginMs = 5_000;
const oauthClientId = 'docker-footprint';

export class RegistryAuth {
  readonly #challenges = new Map<string, AuthChallenge | null>();
  readonly #tokens = new Map<string, Token>();
  /** Token requests under way: concurrent requests for one scope share one. */
  readonly #pending = new Map<string, Promise<string>>();

  constructor(
    private readonly credentials: DockerCredentials,
    private readonly transport: RegistryTransport,
    private readonly log: FastifyBaseLogger | null,
  ) {}

  /** The Authorization header to send up front, or null (no challenge seen yet, or anonymous). */
  async header(registry: string, scope: string, repository: string | null): Promise<string | null> {
    const challenge = this.#challenges.get(registry);
    if (challenge === undefined || challenge === null) return null;
    if (challenge.scheme === 'basic') {
      const credential = await this.credentials.get(registry);
      return credential?.kind === 'basic' ? basicHeader(credential) : null;
    }
    const cached = this.#tokens.get(tokenKey(registry, scope));
    if (cached !== undefined && cached.expiresAt > Date.now()) return `Bearer ${cached.value}`;
    return this.#bearer(registry, challenge, scope, repository);
  }

  /**
   * After a 401: reads its challenge and gives the header to retry with, or throws
   * REGISTRY_AUTH_FAILED when there is nothing better to send.
   */
  async retryHeader(
    registry: string,
    scope: string,
    repository: string | null,
    wwwAuthenticate: string | null,
    sent: string | null,
  ): Promise<string> {
    const challenge = parseAuthChallenge(wwwAuthenticate);
    this.#tokens.delete(tokenKey(registry, scope));
    if (challenge === null)
      throw registryAuthFailed(registry, repository, sent === null ? 'missing' : 'refused');
    this.#challenges.set(registry, challenge);
    if (challenge.scheme === 'basic') {
      const credential = await this.credentials.get(registry);
      if (credential === null) throw registryAuthFailed(registry, repository, 'missing');
      if (credential.kind !== 'basic') throw registryAuthFailed(registry, repository, 'refused');
      const header = basicHeader(credential);
      if (header === sent) throw registryAuthFailed(registry, repository, 'refused');
      return header;
    }
    const header = await this.#bearer(
      registry,
      challenge,
      challenge.scope ?? scope,
      repository,
      scope,
    );
    if (header === sent) {
      const credential = await this.credentials.get(registry);
      throw registryAuthFailed(registry, repository, credential === null ? 'missing' : 'refused');
    }
    return header;
  }

  #bearer(
    registry: string,
    challenge: Extract<AuthChallenge, { scheme: 'bearer' }>,
    scope: string,
    repository: string | null,
    cacheScope = scope,
  ): Promise<string> {
    const key = tokenKey(registry, cacheScope);
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const started = (async () => {
      const credential = await this.credentials.get(registry);
      const token = await this.#fetchToken(registry, challenge, scope, repository, credential);
      this.#tokens.set(key, token);
      return `Bearer ${token.value}`;
    })().finally(() => this.#pending.delete(key));
    this.#pending.set(key, started);
    return started;
  }

  async #fetchToken(
    registry: string,
    challenge: Extract<AuthChallenge, { scheme: 'bearer' }>,
    scope: string,
    repository: string | null,
    credential: RegistryCredential | null,
  ): Promise<Token> {
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw registryBadAnswer(registry, 'its Bearer challenge names no valid realm URL');
    }
    const { dispatcher } = await this.transport.endpoint(registry);
    let response;
    if (credential?.kind === 'identity-token') {
      // The CLI's identity token is an OAuth2 refresh token (token.md "OAuth2 token"): POSTed.
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credential.token,
        client_id: oauthClientId,
        ...(challenge.service === null ? {} : { service: challenge.service }),
        scope,
      });
      response = await this.transport.send(registry, realm.href, {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        dispatcher,
      });
    } else {
      if (challenge.service !== null) realm.searchParams.set('service', challenge.service);
      for (const one of scope.split(' ').filter((s) => s !== ''))
        realm.searchParams.append('scope', one);
      if (credential !== null) realm.searchParams.set('account', credential.username);
      response = await this.transport.send(registry, realm.href, {
        headers: credential === null ? {} : { authorization: basicHeader(credential) },
        dispatcher,
      });
    }
    const text = await response.text().catch(() => '');
    this.log?.debug({ registry, status: response.status, scope }, 'registry token request');
    if (response.status === 401 || response.status === 403) {
      throw registryAuthFailed(registry, repository, credential === null ? 'missing' : 'refused');
    }
    if (!response.ok) throw registryAuthFailed(registry, repository, 'token');
    let body: {
      token?: unknown;
      access_token?: unknown;
      expires_in?: unknown;
      issued_at?: unknown;
    };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw registryBadAnswer(registry, 'its token service answered no JSON');
    }
    const value =
      typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
    if (typeof value !== 'string' || value === '') {
      throw registryBadAnswer(registry, 'its token service answered no token');
    }
    const seconds =
      typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in
        : defaultTokenSeconds;
    return { value, expiresAt: Date.now() + seconds * 1000 - tokenMarginMs };
  }

  /** Forgets tokens and challenges (credentials changed, tests). */
  clear(): void {
    this.#challenges.clear();
    this.#tokens.clear();
  }
}

function tokenKey(registry: string, scope: string): string {
  return `${registry}\n${scope}`;
}

function basicHeader(credential: Extract<RegistryCredential, { kind: 'basic' }>): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
}
