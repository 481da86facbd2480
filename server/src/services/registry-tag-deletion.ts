import type { TagDeletionPreview, TagDeletionResult } from '@footprint/shared';
import { freedByRemoval } from '../domain/registry-footprint.js';
import { AppError, ConflictError, NotFoundError } from '../errors.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { Crawl, RegistryCrawler } from './registry-crawl.js';
import { gcInstructions } from './registry-footprint.js';
import { fetchRepository, Semaphore } from './registry-crawl-repository.js';

/*
 * Deleting a tag from a registry, as local removals go: a preview (which manifest digest goes,
 * which other tags point at it, the bytes freed once the registry's garbage collector has run),
 * then a confirmation that acts on exactly the previewed digest, then a report.
 *
 * The distribution API deletes manifests by digest only (DELETE /v2/<name>/manifests/<digest>;
 * a tag is refused), and that removes every tag of the repository pointing at it. The preview
 * reads the repository again (tags and manifests) so the freed bytes count its present state;
 * the other repositories count as of the registry's last crawl (its time is in the answer).
 * The confirmation checks the tag still points at the previewed digest (409 TAG_MOVED if not)
 * and deletes that digest: a tag moved in the moment between the check and the DELETE keeps
 * its new manifest, since the DELETE names the digest, not the tag.
 */

export class RegistryTagDeleter {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly client: RegistryClient,
    readonly crawler: RegistryCrawler,
  ) {}

  preview(host: string, repository: string, tag: string): Promise<TagDeletionPreview> {
    return this.#oneAtATime(() => this.#preview(host, repository, tag));
  }

  delete(
    host: string,
    repository: string,
    tag: string,
    digest: string,
  ): Promise<TagDeletionResult> {
    return this.#oneAtATime(() => this.#delete(host, repository, tag, digest));
  }

  #oneAtATime<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** The crawl with this repository read again now. */
  async #fresh(host: string, repository: string): Promise<Crawl> {
    const crawl = await this.crawler.last(host);
    if (crawl === null || !crawl.content.repositories.some((r) => r.name === repository)) {
      throw new ConflictError(
        'REGISTRY_NOT_CRAWLED',
        `${repository} is not in the last crawl of ${host}: crawl the registry first, so what ` +
          'the deletion frees can be counted against everything else it holds.',
      );
    }
    const before = crawl.content.repositories.find((r) => r.name === repository);
    const result = await fetchRepository(this.client, host, repository, {
      known: [...Object.values(before?.tags ?? {}), ...(before?.manifests ?? [])],
      cache: crawl.content.manifests,
      semaphore: new Semaphore(4),
    });
    if (result.error !== null) throw new AppError(502, result.error.code, result.error.message);
    const next = await this.crawler.replaceRepository(
      host,
      result.repository,
      result.manifests,
      null,
    );
    return next ?? crawl;
  }

  async #preview(host: string, repository: string, tag: string): Promise<TagDeletionPreview> {
    const crawl = await this.#fresh(host, repository);
    const repo = crawl.content.repositories.find((r) => r.name === repository);
    const digest = repo?.tags[tag];
    if (repo === undefined || digest === undefined) {
      throw new NotFoundError('TAG_NOT_FOUND', `${host}/${repository} has no tag ${tag} (now).`);
    }
    const freed = freedByRemoval(crawl.content, { repository, digests: [digest] });
    return {
      host,
      repository,
      tag,
      digest,
      tagsRemoved: tagsOn(repo.tags, digest),
      freedBytes: freed.bytes,
      freedBlobs: freed.blobs.length,
      crawledAt: crawl.crawledAt,
    };
  }

  async #delete(
    host: string,
    repository: string,
    tag: string,
    digest: string,
  ): Promise<TagDeletionResult> {
    const crawl = await this.#fresh(host, repository);
    const repo = crawl.content.repositories.find((r) => r.name === repository);
    const current = repo?.tags[tag];
    if (repo === undefined || current === undefined) {
      throw new NotFoundError(
        'TAG_NOT_FOUND',
        `${host}/${repository} has no tag ${tag} any more: nothing was deleted.`,
      );
    }
    if (current !== digest) {
      throw new ConflictError(
        'TAG_MOVED',
        `${repository}:${tag} now points at ${current}, not at the previewed ${digest}: nothing ` +
          'was deleted. Preview again.',
      );
    }
    const freed = freedByRemoval(crawl.content, { repository, digests: [digest] });
    const tagsRemoved = tagsOn(repo.tags, digest);
    await this.client.deleteManifest({ registry: host, repository }, digest);
    const remaining = Object.fromEntries(Object.entries(repo.tags).filter(([, d]) => d !== digest));
    await this.crawler.replaceRepository(
      host,
      { ...repo, tags: remaining, manifests: repo.manifests.filter((d) => d !== digest) },
      {},
      null,
    );
    const holdsIndexes = Object.values(crawl.content.manifests).some((m) => m.kind === 'index');
    return {
      host,
      repository,
      digest,
      tagsRemoved,
      freedBytes: freed.bytes,
      gc: gcInstructions(holdsIndexes),
    };
  }
}

function tagsOn(tags: Record<string, string>, digest: string): string[] {
  return Object.entries(tags)
    .filter(([, d]) => d === digest)
    .map(([t]) => t)
    .sort();
}
