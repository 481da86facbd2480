import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Undici from 'undici';
import type { Agent, Dispatcher, RequestInit, Response } from 'undici';
import { AppError } from '../errors.js';
import { defaultCa } from '../security/extra-ca.js';
import { isLoopbackRegistry, registryApiBase } from './reference.js';
import { registryUnreachable } from './registry-errors.js';

/**
 * How the client reaches one registry: which scheme and CA, with bounded timeouts. undici's own
 * fetch with its own Agent: Node's global fetch is undici too, but the Agent that carries a CA
 * must come from the same undici as the fetch it is given to (Node 20/22/24 bundle different
 * undici versions and do not export Agent).
 */
export interface Endpoint {
  base: string;
  dispatcher: Dispatcher;
}

/**
 * undici is loaded on the first registry request, not at start-up: requiring it took 0.4-0.6 s
 * on a busy 2-core machine, and most starts never ask a registry.
 */
let undici: Promise<typeof Undici> | null = null;
function loadUndici(): Promise<typeof Undici> {
  undici ??= import('undici');
  return undici;
}

const certErrorCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** TLS: a registry's own CA (certs.d) replaces the default CAs, as the engine's does. */
type RegistryTls = { ca?: string; rejectUnauthorized?: boolean };

/** How an agent connects to a registry: a bounded connect, and its CAs. */
export function registryConnectOptions(timeoutMs: number, tls: RegistryTls) {
  return { timeout: Math.min(timeoutMs, 10_000), ca: defaultCa(), ...tls };
}

export class RegistryTransport {
  readonly #certsDir: string | null;
  readonly #timeoutMs: number;
  readonly #endpoints = new Map<string, Promise<Endpoint>>();
  readonly #agents: Agent[] = [];

  constructor(opts: { certsDir: string | null; timeoutMs: number }) {
    this.#certsDir = opts.certsDir;
    this.#timeoutMs = opts.timeoutMs;
  }

  async #agent(tls: RegistryTls = {}): Promise<Agent> {
    const { Agent } = await loadUndici();
    const agent = new Agent({
      connect: registryConnectOptions(this.#timeoutMs, tls),
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
    this.#agents.push(agent);
    return agent;
  }

  /**
   * The registry's API base, chosen once per registry as the engine chooses it (moby
   * registry/service.go lookupV2Endpoints): HTTPS verified with `<certsDir>/<host>/ca.crt`
   * when that file exists (the layout of /etc/docker/certs.d); for a loopback registry without
   * one, HTTPS without verification and then plain HTTP (loopback is insecure to the engine);
   * else HTTPS with the system's CAs.
   */
  endpoint(registry: string): Promise<Endpoint> {
    let found = this.#endpoints.get(registry);
    if (found === undefined) {
      found = this.#choose(registry);
      this.#endpoints.set(registry, found);
      // A failed probe is not kept: the registry may come up later.
      found.catch(() => this.#endpoints.delete(registry));
    }
    return found;
  }

  async #choose(registry: string): Promise<Endpoint> {
    const ca = await this.#caFor(registry);
    if (ca !== null) return { base: `https://${registry}`, dispatcher: await this.#agent({ ca }) };
    if (!isLoopbackRegistry(registry)) {
      return { base: registryApiBase(registry), dispatcher: await this.#agent() };
    }
    const insecure = {
      base: `https://${registry}`,
      dispatcher: await this.#agent({ rejectUnauthorized: false }),
    };
    try {
      const { fetch } = await loadUndici();
      const probe = await fetch(`${insecure.base}/v2/`, { dispatcher: insecure.dispatcher });
      await probe.body?.cancel();
      return insecure;
    } catch (error) {
      if (networkCode(error) === 'ECONNREFUSED') throw this.unreachable(registry, error);
      return { base: `http://${registry}`, dispatcher: await this.#agent() };
    }
  }

  async #caFor(registry: string): Promise<string | null> {
    if (this.#certsDir === null) return null;
    try {
      return await readFile(join(this.#certsDir, registry, 'ca.crt'), 'utf8');
    } catch {
      return null;
    }
  }

  /** A request; a network failure becomes REGISTRY_UNREACHABLE with what to do about it. */
  async send(
    registry: string,
    url: string,
    init: RequestInit & { dispatcher: Dispatcher },
  ): Promise<Response> {
    const { fetch } = await loadUndici();
    try {
      return await fetch(url, init);
    } catch (error) {
      throw this.unreachable(registry, error);
    }
  }

  unreachable(registry: string, error: unknown): AppError {
    if (error instanceof AppError) return error;
    const code = networkCode(error);
    const seconds = `${Math.round(this.#timeoutMs / 1000)} s`;
    if (code !== null && certErrorCodes.has(code)) {
      const where =
        this.#certsDir === null
          ? 'the certs dir (FOOTPRINT_REGISTRY_CERTS_DIR)'
          : `${join(this.#certsDir, registry, 'ca.crt')}`;
      return registryUnreachable(
        registry,
        `its TLS certificate is not trusted: ${code}; put the CA that signed it at ${where}`,
      );
    }
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'its name does not resolve'
          : code === 'UND_ERR_CONNECT_TIMEOUT' ||
              code === 'UND_ERR_HEADERS_TIMEOUT' ||
              code === 'UND_ERR_BODY_TIMEOUT' ||
              code === 'TimeoutError'
            ? `no answer within ${seconds}`
            : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
              ? 'the connection was closed'
              : (code ?? 'network error');
    return registryUnreachable(registry, why);
  }

  async close(): Promise<void> {
    await Promise.all(this.#agents.splice(0).map((agent) => agent.close().catch(() => {})));
    this.#endpoints.clear();
  }
}

/** The system error code under undici's `TypeError: fetch failed` (error.cause, maybe nested). */
export function networkCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (name === 'TimeoutError' || name === 'AbortError') return 'TimeoutError';
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
