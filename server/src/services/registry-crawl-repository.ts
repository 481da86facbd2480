import type {
  RegistryContent,
  RegistryManifest,
  RegistryRepository,
} from '../domain/registry-footprint.js';
import { AppError } from '../errors.js';
import { isAttestation, isIndex, type ManifestDoc } from '../registry/manifest-types.js';
import type { RegistryClient } from '../registry/registry-client.js';

/*
 * One repository of a crawl: its tags, the manifest each points at (HEAD by tag for the digest,
 * GET by digest only for a manifest not fetched before: a digest's content never changes), an
 * index's child manifests, and the untagged manifests the dashboard knows of (checked with HEAD
 * by digest: the API has no list of them).
 */

export interface RepositoryError {
  code: string;
  message: string;
}

/** At most `limit` tasks at once. */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#free = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next !== undefined) next();
      else this.#free += 1;
    }
  }
}

/** The registry's manifest document as the footprint counts it. */
export function toRegistryManifest(
  digest: string,
  bytes: number,
  doc: ManifestDoc,
): RegistryManifest {
  if (isIndex(doc)) {
    return {
      kind: 'index',
      digest,
      bytes,
      children: doc.manifests.map((entry) => {
        const attestation = isAttestation(entry);
        const p = entry.platform;
        const platform =
          p === undefined || attestation
            ? null
            : [p.os, p.architecture, p.variant].filter((part) => part !== undefined).join('/');
        return { digest: entry.digest, bytes: entry.size, platform, attestation };
      }),
    };
  }
  return {
    kind: 'image',
    digest,
    bytes,
    config: { digest: doc.config.digest, bytes: doc.config.size },
    layers: doc.layers.map((layer) => ({ digest: layer.digest, bytes: layer.size })),
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof AppError && error.statusCode === 404;
}

interface FetchOptions {
  /** Digests seen in this repository before (earlier crawl, local RepoDigests). */
  known: readonly string[];
  cache: RegistryContent['manifests'];
  semaphore: Semaphore;
  onManifest?: () => void;
}

export async function fetchRepository(
  client: RegistryClient,
  host: string,
  name: string,
  options: FetchOptions,
): Promise<{
  repository: RegistryRepository;
  manifests: RegistryContent['manifests'];
  error: RepositoryError | null;
}> {
  const ref = { registry: host, repository: name };
  const manifests: RegistryContent['manifests'] = {};
  const repository: RegistryRepository = { name, tags: {}, manifests: [] };
  const { semaphore } = options;

  const getManifest = async (digest: string): Promise<RegistryManifest> => {
    const cached = manifests[digest] ?? options.cache[digest];
    if (cached !== undefined) {
      manifests[digest] = cached;
      return cached;
    }
    const answer = await semaphore.run(() => client.manifest(ref, digest, { method: 'GET' }));
    options.onManifest?.();
    if (answer.body === null) throw new AppError(502, 'REGISTRY_BAD_ANSWER', 'no manifest body');
    const manifest = toRegistryManifest(digest, answer.bytes, answer.body);
    manifests[digest] = manifest;
    return manifest;
  };

  /** The digest a tag points at now; GET when HEAD gives none (some registries omit it). */
  const resolveTag = async (tag: string): Promise<string> => {
    const head = await semaphore.run(() => client.manifest(ref, tag, { method: 'HEAD' }));
    if (head.digest !== null) return head.digest;
    const got = await semaphore.run(() => client.manifest(ref, tag, { method: 'GET' }));
    options.onManifest?.();
    if (got.digest === null || got.body === null) {
      throw new AppError(502, 'REGISTRY_BAD_ANSWER', `no digest for ${name}:${tag}`);
    }
    manifests[got.digest] = toRegistryManifest(got.digest, got.bytes, got.body);
    return got.digest;
  };

  /** A child or an untagged manifest: there (and fetched), or not a revision of this repository. */
  const present = new Set<string>();
  const addIfPresent = async (digest: string): Promise<boolean> => {
    if (present.has(digest)) return true;
    try {
      await getManifestChecked(digest);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    present.add(digest);
    return true;
  };
  /** A cached manifest still has to exist in this repository: HEAD says so, GET when not cached. */
  const getManifestChecked = async (digest: string) => {
    if ((manifests[digest] ?? options.cache[digest]) !== undefined) {
      await semaphore.run(() => client.manifest(ref, digest, { method: 'HEAD' }));
    }
    return getManifest(digest);
  };

  try {
    const tags: string[] = [];
    try {
      for await (const tag of client.tags(ref)) tags.push(tag);
    } catch (error) {
      // distribution answers NAME_UNKNOWN (404) for a repository whose tags are all gone.
      if (!isNotFound(error)) throw error;
    }
    const digests = await Promise.all(tags.map(resolveTag));
    tags.forEach((tag, i) => {
      const digest = digests[i];
      if (digest !== undefined) repository.tags[tag] = digest;
    });
    const tagged = [...new Set(digests)];
    const roots = await Promise.all(tagged.map(getManifest));
    for (const root of roots) {
      if (root.kind !== 'index') continue;
      const found = await Promise.all(root.children.map((c) => addIfPresent(c.digest)));
      root.children.forEach((child, i) => {
        if (found[i] === true) repository.manifests.push(child.digest);
      });
    }
    const candidates = [...new Set(options.known)].filter(
      (digest) => !tagged.includes(digest) && !repository.manifests.includes(digest),
    );
    const still = await Promise.all(candidates.map(addIfPresent));
    candidates.forEach((digest, i) => {
      if (still[i] === true) repository.manifests.push(digest);
    });
    // An untagged index's children exist too: the garbage collector sweeps them with it.
    for (const digest of candidates.filter((_, i) => still[i] === true)) {
      const manifest = manifests[digest];
      if (manifest?.kind !== 'index') continue;
      for (const child of manifest.children) {
        if (!repository.manifests.includes(child.digest) && (await addIfPresent(child.digest))) {
          repository.manifests.push(child.digest);
        }
      }
    }
    return { repository, manifests, error: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { repository, manifests, error: { code: error.code, message: error.message } };
  }
}
