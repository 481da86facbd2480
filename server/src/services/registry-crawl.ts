import type { CrawlStatus } from '@footprint/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { RegistryContent, RegistryRepository } from '../domain/registry-footprint.js';
import { AppError } from '../errors.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { CrawlStore } from './registry-crawl-store.js';
import { fetchRepository, type RepositoryError, Semaphore } from './registry-crawl-repository.js';

/*
 * Crawling a registry: the catalog (/v2/_catalog, following Link pages of at most 1000 names),
 * each repository's tags, and each manifest they point at (GET: a self-hosted registry counts no
 * pull quota; Docker Hub has no catalog, so it is not crawled). One crawl per registry at a time;
 * its progress is a status the page polls. A repository that fails is recorded with its error and
 * the crawl goes on. The result is kept per registry with its time (memory and the state dir),
 * until a person asks for a new crawl.
 */

export interface Crawl {
  content: RegistryContent;
  errors: Record<string, RepositoryError>;
  crawledAt: string;
}

/** Repositories listed at once; manifest requests at once, across them. */
const repositoryWorkers = 4;
const manifestRequests = 8;

const idle = (): CrawlStatus => ({
  state: 'never',
  startedAt: null,
  finishedAt: null,
  repositoriesTotal: null,
  repositoriesDone: 0,
  manifestsFetched: 0,
  repositoriesFailed: 0,
  message: null,
});

export const dockerHubNote =
  'Docker Hub serves no catalog (/v2/_catalog): its repositories cannot be listed, so it is not ' +
  'crawled. Its images show on the Images page; the update check compares them.';

export class RegistryCrawler {
  readonly #status = new Map<string, CrawlStatus>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #store: CrawlStore;

  constructor(
    readonly client: RegistryClient,
    stateDir: string | null,
    readonly log: FastifyBaseLogger,
    /** Digests of local images pulled from a repository: candidates for untagged manifests. */
    readonly localDigests: (host: string) => Promise<Map<string, string[]>>,
  ) {
    this.#store = new CrawlStore(stateDir);
  }

  status(host: string): CrawlStatus {
    if (host === 'docker.io') return { ...idle(), state: 'unsupported', message: dockerHubNote };
    return this.#status.get(host) ?? idle();
  }

  /** The last finished crawl (kept from an earlier run too), or null. */
  async last(host: string): Promise<Crawl | null> {
    const crawl = await this.#store.get(host);
    if (crawl !== null && !this.#status.has(host)) {
      this.#status.set(host, {
        ...idle(),
        state: 'done',
        finishedAt: crawl.crawledAt,
        repositoriesTotal: crawl.content.repositories.length,
        repositoriesDone: crawl.content.repositories.length,
        repositoriesFailed: Object.keys(crawl.errors).length,
      });
    }
    return crawl;
  }

  /** Starts a crawl unless one runs; answers its status at once. */
  start(host: string, catalogPageSize = 1000): CrawlStatus {
    if (host === 'docker.io' || this.#running.has(host)) return this.status(host);
    const run = this.#crawl(host, catalogPageSize)
      .catch((error: unknown) => {
        const status = this.status(host);
        this.#status.set(host, {
          ...status,
          state: 'failed',
          finishedAt: new Date().toISOString(),
          message:
            error instanceof AppError
              ? error.message
              : 'The crawl stopped on an unexpected error; the server log has the details.',
        });
        if (!(error instanceof AppError)) this.log.error({ err: error }, 'registry crawl failed');
      })
      .finally(() => this.#running.delete(host));
    this.#running.set(host, run);
    return this.status(host);
  }

  /** Resolves when the running crawl of `host` (if any) has ended. */
  async settled(host: string): Promise<void> {
    await this.#running.get(host);
  }

  /** Replaces one repository of the kept crawl (after a preview re-read it, or a deletion). */
  async replaceRepository(
    host: string,
    repository: RegistryRepository,
    manifests: RegistryContent['manifests'],
    error: RepositoryError | null,
  ): Promise<Crawl | null> {
    const crawl = await this.#store.get(host);
    if (crawl === null) return null;
    const errors = { ...crawl.errors };
    delete errors[repository.name];
    if (error !== null) errors[repository.name] = error;
    const next: Crawl = {
      crawledAt: crawl.crawledAt,
      errors,
      content: {
        repositories: crawl.content.repositories.map((r) =>
          r.name === repository.name ? repository : r,
        ),
        manifests: { ...crawl.content.manifests, ...manifests },
      },
    };
    await this.#store.put(host, next);
    return next;
  }

  async #crawl(host: string, pageSize: number): Promise<void> {
    const startedAt = new Date().toISOString();
    const status: CrawlStatus = { ...idle(), state: 'running', startedAt };
    this.#status.set(host, status);
    const previous = await this.#store.get(host);
    const names: string[] = [];
    for await (const name of this.client.catalog(host, { pageSize })) {
      names.push(name);
    }
    status.repositoriesTotal = names.length;
    const local = await this.localDigests(host).catch(() => new Map<string, string[]>());
    const manifests: RegistryContent['manifests'] = {};
    const repositories = new Map<string, RegistryRepository>();
    const errors: Record<string, RepositoryError> = {};
    const semaphore = new Semaphore(manifestRequests);
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const before = previous?.content.repositories.find((r) => r.name === name);
        const known = [
          ...Object.values(before?.tags ?? {}),
          ...(before?.manifests ?? []),
          ...(local.get(name) ?? []),
        ];
        const result = await fetchRepository(this.client, host, name, {
          known,
          cache: { ...previous?.content.manifests, ...manifests },
          semaphore,
          onManifest: () => {
            status.manifestsFetched += 1;
          },
        });
        Object.assign(manifests, result.manifests);
        repositories.set(name, result.repository);
        if (result.error !== null) {
          errors[name] = result.error;
          status.repositoriesFailed += 1;
        }
        status.repositoriesDone += 1;
      }
    };
    await Promise.all(Array.from({ length: repositoryWorkers }, worker));
    const crawledAt = new Date().toISOString();
    const content: RegistryContent = {
      repositories: names.flatMap((name) => repositories.get(name) ?? []),
      manifests,
    };
    await this.#store.put(host, { content, errors, crawledAt });
    this.#status.set(host, { ...status, state: 'done', finishedAt: crawledAt });
  }
}
