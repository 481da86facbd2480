import type {
  GcInstructions,
  ImageSummary,
  LocalCopy,
  RegistryRepository,
  RegistryView,
} from '@footprint/shared';
import { registryFootprint } from '../domain/registry-footprint.js';
import { parseImageReference } from '../registry/reference.js';
import type { Crawl, RegistryCrawler } from './registry-crawl.js';

/*
 * A crawled registry as the page shows it: the footprint (domain/registry-footprint.ts), each
 * tag's local copy beside it (the local image pulled from that manifest, by its RepoDigests, or
 * at least carrying the tag, with the engine figures the images page shows), and the garbage
 * collection step the operator runs for deleted tags to free anything.
 */

interface LocalIndex {
  byDigest: Map<string, ImageSummary>;
  byTag: Map<string, ImageSummary>;
}

/** The local images' names on this registry: `repo@digest` and `repo:tag` -> image. */
export function localIndex(images: readonly ImageSummary[], host: string): LocalIndex {
  const index: LocalIndex = { byDigest: new Map(), byTag: new Map() };
  for (const image of images) {
    for (const name of [...image.repoDigests, ...image.repoTags]) {
      let ref;
      try {
        ref = parseImageReference(name);
      } catch {
        continue;
      }
      if (ref.registry !== host) continue;
      if (ref.digest !== null) index.byDigest.set(`${ref.repository}@${ref.digest}`, image);
      else if (ref.tag !== null) index.byTag.set(`${ref.repository}:${ref.tag}`, image);
    }
  }
  return index;
}

/** Per repository, the manifest digests local images were pulled from or pushed as. */
export function localDigestsByRepository(
  images: readonly ImageSummary[],
  host: string,
): Map<string, string[]> {
  const byRepository = new Map<string, string[]>();
  for (const key of localIndex(images, host).byDigest.keys()) {
    const [repository = '', digest = ''] = key.split('@');
    byRepository.set(repository, [...(byRepository.get(repository) ?? []), digest]);
  }
  return byRepository;
}

function localCopy(
  index: LocalIndex,
  repository: string,
  tag: string,
  digest: string,
): LocalCopy | null {
  const pulled = index.byDigest.get(`${repository}@${digest}`);
  const tagged = index.byTag.get(`${repository}:${tag}`);
  const image = pulled ?? tagged;
  if (image === undefined) return null;
  return {
    imageId: image.id,
    match: pulled !== undefined ? 'digest' : 'tag-only',
    size: image.size,
    uniqueSize: image.uniqueSize,
  };
}

/**
 * The operator's step after deleting manifests: the registry frees nothing until its garbage
 * collector runs (distribution's `registry garbage-collect`, registry/storage/garbagecollect.go).
 */
export function gcInstructions(holdsIndexes: boolean): GcInstructions {
  const config = '/etc/docker/registry/config.yml';
  const notes = [
    'Deleting a manifest frees no space by itself: the registry frees blobs when its garbage ' +
      'collector runs. Run the dry run first; it lists what would go and deletes nothing.',
    `Run it where the registry runs, with the config it runs with (${config} in the official ` +
      'image: `docker exec <registry container> registry garbage-collect …`; Debian’s package ' +
      'calls the program docker-registry).',
    '--delete-untagged also deletes every manifest no tag points at, in every repository, with ' +
      'the blobs only they hold. The freed bytes shown assume it; without it, untagged ' +
      'manifests keep theirs.',
  ];
  if (holdsIndexes) {
    notes.push(
      'This registry holds multi-platform indexes: distribution 2.x (e.g. Debian’s ' +
        'docker-registry 2.8) with --delete-untagged also deletes the configs and layers of ' +
        'their untagged platform manifests, which breaks those images ' +
        '(distribution/distribution#3178, fixed in 3.0). On 2.x, leave --delete-untagged out.',
    );
  }
  return {
    warning:
      'Make the registry read-only while the collector runs (`storage.maintenance.readonly.' +
      'enabled: true` in its config, then restart it) or stop every push: a blob uploaded ' +
      'during the collection is not marked by any manifest yet and is deleted.',
    dryRun: `registry garbage-collect --dry-run --delete-untagged ${config}`,
    run: `registry garbage-collect --delete-untagged ${config}`,
    notes,
  };
}

export async function registryView(
  host: string,
  crawler: RegistryCrawler,
  images: () => Promise<ImageSummary[]>,
): Promise<RegistryView> {
  const crawl: Crawl | null = await crawler.last(host);
  const status = crawler.status(host);
  if (crawl === null) {
    return {
      host,
      crawl: status,
      crawledAt: null,
      repositories: [],
      markedBytes: 0,
      tagSumBytes: 0,
      reclaimableNowBytes: 0,
      gc: gcInstructions(false),
      localNote: null,
    };
  }
  const footprint = registryFootprint(crawl.content);
  let localNote: string | null = null;
  const listed = await images().catch((error: unknown) => {
    localNote =
      'Local copies are not shown: the engine did not list its images' +
      (error instanceof Error ? ` (${error.message})` : '') +
      '.';
    return [];
  });
  const local = localIndex(listed, host);
  const repositories = footprint.repositories.map((repository): RegistryRepository => ({
    ...repository,
    // A repository whose tags could not be read is not known to be empty.
    empty: repository.empty && crawl.errors[repository.name] === undefined,
    tags: repository.tags.map((tag) => ({
      ...tag,
      local: localCopy(local, repository.name, tag.tag, tag.digest),
    })),
    error: crawl.errors[repository.name] ?? null,
  }));
  return {
    host,
    crawl: status,
    crawledAt: crawl.crawledAt,
    repositories,
    markedBytes: footprint.markedBytes,
    tagSumBytes: footprint.tagSumBytes,
    reclaimableNowBytes: footprint.reclaimableNowBytes,
    gc: gcInstructions(footprint.holdsIndexes),
    localNote,
  };
}
