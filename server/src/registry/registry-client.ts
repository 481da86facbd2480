import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Response } from 'undici';
import { BadRequestError } from '../errors.js';
import type { DockerCredentials } from './credentials.js';
import { type ManifestDoc, manifestAccept, toManifestDoc } from './manifest-types.js';
import { RegistryAuth } from './registry-auth.js';
import {
  RegistryRateLimitedError,
  registryAuthFailed,
  registryBadAnswer,
  registryDeleteDisabled,
  registryFailed,
  registryNotFound,
} from './registry-errors.js';
import {
  type RateLimit,
  nextPageUrl,
  parseRateLimit,
  registryErrorOf,
  retryAfterSeconds,
} from './registry-headers.js';
import { RegistryTransport } from './registry-transport.js';

export type { RateLimit } from './registry-headers.js';

/**
 * A small client of the distribution v2 API (github.com/distribution/distribution
 * docs/spec/api.md; OCI distribution-spec v1.1): manifests, blobs, catalog, tags, manifest
 * deletion. Every failure is an AppError naming the registry and repository, never a secret.
 */
export interface RepoRef {
  registry: string;
  repository: string;
}

export interface ManifestAnswer {
  /** Docker-Content-Digest; on GET the sha256 of the body as received (what the engine keeps). */
  digest: string | null;
  mediaType: string;
  /** Parsed, on GET only. */
  body: ManifestDoc | null;
  /** The manifest's own JSON size (Content-Length on HEAD, the body's length on GET). */
  bytes: number;
  rateLimit: RateLimit | null;
}

/** Config blobs are a few KiB; a larger answer is not a config and is not read whole. */
const defaultMaxBlobBytes = 4 << 20;
const defaultTimeoutMs = 30_000;
/** distribution (v3) and containerd refuse manifests over 4 MiB; nothing larger is read here. */
const maxManifestBytes = 4 << 20;
/** distribution caps a catalog page at 1000 entries (registry/handlers/catalog.go maximumReturnedEntries). */
const maxPageSize = 1000;

interface RequestOptions {
  method?: 'GET' | 'HEAD' | 'DELETE';
  scope: string;
  repository: string | null;
  headers?: Record<string, string>;
}

export class RegistryClient {
  readonly #transport: RegistryTransport;
  readonly #auth: RegistryAuth;
  readonly #log: FastifyBaseLogger | null;
  readonly #credentials: DockerCredentials;

  constructor(opts: {
    credentials: DockerCredentials;
    certsDir?: string | null;
    log?: FastifyBaseLogger;
    fetchTimeoutMs?: number;
  }) {
    this.#transport = new RegistryTransport({
      certsDir: opts.certsDir ?? null,
      timeoutMs: opts.fetchTimeoutMs ?? defaultTimeoutMs,
    });
    this.#log = opts.log ?? null;
    this.#credentials = opts.credentials;
    this.#auth = new RegistryAuth(opts.credentials, this.#transport, this.#log);
  }

  /** HEAD costs no Docker Hub pull quota; GET of a manifest counts as a pull there. */
  async manifest(
    ref: RepoRef,
    reference: string,
    opts: { method: 'HEAD' | 'GET'; scope?: 'pull' },
  ): Promise<ManifestAnswer> {
    checkReference(reference);
    const response = await this.#request(
      ref.registry,
      `/v2/${ref.repository}/manifests/${reference}`,
      {
        method: opts.method,
        scope: pullScope(ref.repository),
        repository: ref.repository,
        headers: { accept: manifestAccept },
      },
    );
    await this.#check(
      response,
      ref,
      `manifest ${ref.repository}${reference.includes(':') ? '@' : ':'}${reference}`,
    );
    const headerDigest = response.headers.get('docker-content-digest');
    const rateLimit = parseRateLimit(response.headers);
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (opts.method === 'HEAD') {
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      return {
        digest: headerDigest,
        mediaType: contentType,
        body: null,
        bytes: Number.isSafeInteger(length) ? length : 0,
        rateLimit,
      };
    }
    const raw = await readCapped(response, maxManifestBytes);
    if (raw === null) {
      throw registryBadAnswer(ref.registry, `the manifest ${reference} is over 4 MiB`);
    }
    const digest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw registryBadAnswer(ref.registry, `the manifest for ${reference} hashes to ${digest}`);
    }
    let body: ManifestDoc;
    try {
      body = toManifestDoc(JSON.parse(raw.toString('utf8')));
    } catch (error) {
      throw registryBadAnswer(
        ref.registry,
        `${ref.repository} ${reference}: ${(error as Error).message}`,
      );
    }
    return { digest, mediaType: body.mediaType ?? contentType, body, bytes: raw.length, rateLimit };
  }

  /** A blob whole (config blobs), its sha256 checked against the digest asked for. */
  async blob(ref: RepoRef, digest: string, opts: { maxBytes?: number } = {}): Promise<Buffer> {
    checkReference(digest);
    const maxBytes = opts.maxBytes ?? defaultMaxBlobBytes;
    const response = await this.#request(ref.registry, `/v2/${ref.repository}/blobs/${digest}`, {
      scope: pullScope(ref.repository),
      repository: ref.repository,
    });
    await this.#check(response, ref, `blob ${digest} in ${ref.repository}`);
    const data = await readCapped(response, maxBytes);
    if (data === null) {
      throw registryBadAnswer(ref.registry, `blob ${digest} is larger than ${maxBytes} bytes`);
    }
    const actual = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    if (digest.startsWith('sha256:') && actual !== digest) {
      throw registryBadAnswer(ref.registry, `blob ${digest} hashes to ${actual}`);
    }
    return data;
  }

  /**
   * The last `bytes` bytes of a blob with a suffix Range request (RFC 9110 14.1.2); for a gzip
   * layer the last 4 hold its uncompressed size mod 2^32 (RFC 1952 ISIZE). Blob GETs are not
   * counted as pulls by Docker Hub (only manifest GETs are). Null when the registry ignores
   * Range (answers 200): the body is not read.
   */
  async blobTail(ref: RepoRef, digest: string, bytes: number): Promise<Buffer | null> {
    if (!Number.isSafeInteger(bytes) || bytes <= 0)
      throw new RangeError('blobTail needs a positive byte count');
    checkReference(digest);
    const response = await this.#request(ref.registry, `/v2/${ref.repository}/blobs/${digest}`, {
      scope: pullScope(ref.repository),
      repository: ref.repository,
      headers: { range: `bytes=-${bytes}` },
    });
    await this.#check(response, ref, `blob ${digest} in ${ref.repository}`);
    if (response.status !== 206) {
      await response.body?.cancel();
      return null;
    }
    const data = await readCapped(response, bytes);
    return data === null ? null : data;
  }

  /** Repository names, following Link pages (`/v2/_catalog?n=`, spec "Catalog"). */
  async *catalog(registry: string, opts: { pageSize?: number } = {}): AsyncIterable<string> {
    const pageSize = Math.max(1, Math.min(opts.pageSize ?? maxPageSize, maxPageSize));
    yield* this.#pages(
      registry,
      `/v2/_catalog?n=${pageSize}`,
      'registry:catalog:*',
      null,
      'repositories',
    );
  }

  /** Tag names of a repository, following Link pages (`/v2/<name>/tags/list`). */
  async *tags(ref: RepoRef, opts: { pageSize?: number } = {}): AsyncIterable<string> {
    const query =
      opts.pageSize === undefined ? '' : `?n=${Math.max(1, Math.min(opts.pageSize, maxPageSize))}`;
    yield* this.#pages(
      ref.registry,
      `/v2/${ref.repository}/tags/list${query}`,
      pullScope(ref.repository),
      ref.repository,
      'tags',
    );
  }

  /**
   * Deletes a manifest by digest (spec "Deleting an Image"; a tag is not accepted there). The
   * registry answers 405 UNSUPPORTED unless `storage.delete.enabled` is set.
   */
  async deleteManifest(ref: RepoRef, digest: string): Promise<void> {
    if (!/^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest)) {
      throw new BadRequestError(
        'BAD_REFERENCE',
        `Deleting needs a manifest digest (the registry refuses tags), not "${digest.slice(0, 80)}".`,
      );
    }
    const response = await this.#request(
      ref.registry,
      `/v2/${ref.repository}/manifests/${digest}`,
      {
        method: 'DELETE',
        scope: `repository:${ref.repository}:delete`,
        repository: ref.repository,
      },
    );
    if (response.status === 405 || response.status === 400) {
      // distribution answers 405 with UNSUPPORTED when storage.delete.enabled is off.
      const detail = registryErrorOf(await response.text().catch(() => ''));
      if (response.status === 405 || detail?.code === 'UNSUPPORTED') {
        throw registryDeleteDisabled(ref.registry);
      }
      throw registryFailed(ref.registry, response.status, detail);
    }
    await this.#check(response, ref, `manifest ${ref.repository}@${digest}`);
    await response.body?.cancel();
  }

  async close(): Promise<void> {
    await this.#transport.close();
  }

  async *#pages(
    registry: string,
    firstPath: string,
    scope: string,
    repository: string | null,
    field: 'repositories' | 'tags',
  ): AsyncIterable<string> {
    let path: string | null = firstPath;
    const seen = new Set<string>();
    while (path !== null) {
      // A registry that answers the same next link twice would loop for ever.
      if (seen.has(path)) throw registryBadAnswer(registry, `its Link header repeats ${path}`);
      seen.add(path);
      const response = await this.#request(registry, path, { scope, repository });
      await this.#check(
        response,
        { registry, repository: repository ?? '' },
        repository === null
          ? 'catalog (/v2/_catalog: some registries, Docker Hub among them, offer none)'
          : `repository ${repository}`,
      );
      const page = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      const names = page?.[field];
      if (names !== null && names !== undefined && !Array.isArray(names)) {
        throw registryBadAnswer(registry, `its ${field} list is not an array`);
      }
      for (const name of names ?? []) if (typeof name === 'string') yield name;
      const { base } = await this.#transport.endpoint(registry);
      const next = nextPageUrl(response.headers.get('link'), `${base}${path}`);
      path = next === null ? null : sameOriginPath(next, base, registry);
    }
  }

  /** One request with the auth dance: the known header first, one retry after a 401. */
  async #request(registry: string, path: string, opts: RequestOptions): Promise<Response> {
    if (opts.repository !== null) checkRepository(opts.repository);
    const { base, dispatcher } = await this.#transport.endpoint(registry);
    const url = `${base}${path}`;
    const method = opts.method ?? 'GET';
    const send = async (authorization: string | null) => {
      const response = await this.#transport.send(registry, url, {
        method,
        headers: { ...opts.headers, ...(authorization === null ? {} : { authorization }) },
        dispatcher,
      });
      this.#log?.debug({ registry, method, path, status: response.status }, 'registry request');
      return response;
    };
    const sent = await this.#auth.header(registry, opts.scope, opts.repository);
    const first = await send(sent);
    if (first.status !== 401) return first;
    await first.body?.cancel();
    const retry = await this.#auth.retryHeader(
      registry,
      opts.scope,
      opts.repository,
      first.headers.get('www-authenticate'),
      sent,
    );
    const second = await send(retry);
    if (second.status === 401) {
      await second.body?.cancel();
      const credential = await this.#credentials.get(registry);
      throw registryAuthFailed(
        registry,
        opts.repository,
        credential === null ? 'missing' : 'refused',
      );
    }
    return second;
  }

  /** Turns a non-2xx answer into its AppError (the body is read only for the error's code). */
  async #check(response: Response, ref: RepoRef, what: string): Promise<void> {
    if (response.ok) return;
    const text = await response.text().catch(() => '');
    const detail = registryErrorOf(text);
    if (response.status === 404) throw registryNotFound(ref.registry, what);
    if (response.status === 403) throw registryAuthFailed(ref.registry, ref.repository, 'denied');
    if (response.status === 429 || detail?.code === 'TOOMANYREQUESTS') {
      throw new RegistryRateLimitedError(
        ref.registry,
        retryAfterSeconds(response.headers.get('retry-after')),
        parseRateLimit(response.headers),
      );
    }
    throw registryFailed(ref.registry, response.status, detail);
  }
}

// distribution/reference's path grammar, and a tag or a digest: what goes into a URL path here
// is checked first, so a name from a request can never reach another path or query.
const repositoryPattern =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const referencePattern =
  /^(?:[\w][\w.-]{0,127}|[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,})$/;

function checkRepository(repository: string): void {
  if (repository.length > 255 || !repositoryPattern.test(repository)) {
    throw new BadRequestError(
      'BAD_REFERENCE',
      `"${repository.slice(0, 300)}" is not a repository name.`,
    );
  }
}

function checkReference(reference: string): void {
  if (!referencePattern.test(reference)) {
    throw new BadRequestError(
      'BAD_REFERENCE',
      `"${reference.slice(0, 300)}" is neither a tag nor a digest.`,
    );
  }
}

function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

/** A next link must stay on the registry: credentials are never sent elsewhere. */
function sameOriginPath(next: string, base: string, registry: string): string {
  const url = new URL(next);
  if (url.origin !== new URL(base).origin) {
    throw registryBadAnswer(registry, 'its Link header points to another host');
  }
  return `${url.pathname}${url.search}`;
}

/** The body, or null when it is longer than `max` (then it is not read further). */
async function readCapped(response: Response, max: number): Promise<Buffer | null> {
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(length) && length > max) {
    await response.body?.cancel();
    return null;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (response.body === null) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    total += (chunk as Uint8Array).byteLength;
    if (total > max) return null;
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
